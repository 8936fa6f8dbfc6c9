import { Inflate, inflateSync } from 'fflate';

// Just enough of the ZIP format to read an .xlsx: the central directory tells where each entry is, so
// entries can be read in the order we need (shared strings before the sheet) and the sheet inflated
// chunk by chunk instead of whole.

export type ZipEntry = { name: string; method: number; compressedSize: number; dataOffset: number };

export class ZipError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ZipError';
  }
}

export function listZipEntries(zip: Uint8Array): Map<string, ZipEntry> {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  let eocd = -1;
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 22 - 0xffff); i--) {
    if (view.getUint32(i, true) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new ZipError('not a zip file (no end of central directory)');
  const count = view.getUint16(eocd + 10, true);
  let offset = view.getUint32(eocd + 16, true);
  const decoder = new TextDecoder();
  const entries = new Map<string, ZipEntry>();
  for (let i = 0; i < count; i++) {
    if (offset + 46 > zip.length || view.getUint32(offset, true) !== 0x02014b50)
      throw new ZipError('corrupt central directory');
    const flags = view.getUint16(offset + 8, true);
    const method = view.getUint16(offset + 10, true);
    const compressedSize = view.getUint32(offset + 20, true);
    const nameLength = view.getUint16(offset + 28, true);
    const extraLength = view.getUint16(offset + 30, true);
    const commentLength = view.getUint16(offset + 32, true);
    const localOffset = view.getUint32(offset + 42, true);
    const name = decoder.decode(zip.subarray(offset + 46, offset + 46 + nameLength));
    if (flags & 1) throw new ZipError(`${name} is encrypted`);
    if (compressedSize === 0xffffffff || localOffset === 0xffffffff)
      throw new ZipError(`${name} needs ZIP64, which is not supported`);
    if (view.getUint32(localOffset, true) !== 0x04034b50)
      throw new ZipError(`corrupt local header for ${name}`);
    const dataOffset =
      localOffset + 30 + view.getUint16(localOffset + 26, true) + view.getUint16(localOffset + 28, true);
    entries.set(name, { name, method, compressedSize, dataOffset });
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

function compressedData(zip: Uint8Array, entry: ZipEntry): Uint8Array {
  if (entry.method !== 0 && entry.method !== 8)
    throw new ZipError(`${entry.name} uses compression method ${entry.method}`);
  return zip.subarray(entry.dataOffset, entry.dataOffset + entry.compressedSize);
}

export function readZipEntry(zip: Uint8Array, entry: ZipEntry): Uint8Array {
  const data = compressedData(zip, entry);
  return entry.method === 0 ? data : inflateSync(data);
}

/** Inflates an entry in chunks, handing each decompressed chunk to `onChunk`. */
export function streamZipEntry(
  zip: Uint8Array,
  entry: ZipEntry,
  onChunk: (chunk: Uint8Array) => void,
  chunkSize = 1 << 20,
): void {
  const data = compressedData(zip, entry);
  if (entry.method === 0) {
    for (let i = 0; i < data.length; i += chunkSize) onChunk(data.subarray(i, i + chunkSize));
    return;
  }
  const inflate = new Inflate((chunk) => onChunk(chunk));
  if (data.length === 0) inflate.push(new Uint8Array(0), true);
  for (let i = 0; i < data.length; i += chunkSize)
    inflate.push(data.subarray(i, i + chunkSize), i + chunkSize >= data.length);
}
