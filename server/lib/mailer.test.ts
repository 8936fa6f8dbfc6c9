import { once } from 'node:events';
import { createServer, type Server, type Socket } from 'node:net';
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from './logger.ts';
import { createMailer, type Email } from './mailer.ts';

// The two ways mail leaves: over SMTP (here to a minimal SMTP server on the loopback that keeps
// what it receives) and into the log when no SMTP_URL is set.

type Received = { from: string; to: string[]; data: string };

/** Just enough of RFC 5321 for one client: greeting, EHLO, MAIL, RCPT, DATA, QUIT. */
function smtpSink(): { server: Server; received: Received[] } {
  const received: Received[] = [];
  const server = createServer((socket: Socket) => {
    let buffer = '';
    let inData = false;
    let current: Received = { from: '', to: [], data: '' };
    const say = (line: string) => socket.write(`${line}\r\n`);
    say('220 sink ready');
    socket.on('data', (chunk) => {
      buffer += chunk.toString('utf8');
      while (true) {
        if (inData) {
          const end = buffer.indexOf('\r\n.\r\n');
          if (end < 0) return;
          current.data = buffer.slice(0, end).replace(/^\.\./gm, '.');
          buffer = buffer.slice(end + 5);
          inData = false;
          received.push(current);
          current = { from: '', to: [], data: '' };
          say('250 queued');
          continue;
        }
        const eol = buffer.indexOf('\r\n');
        if (eol < 0) return;
        const line = buffer.slice(0, eol);
        buffer = buffer.slice(eol + 2);
        const verb = line.slice(0, 4).toUpperCase();
        if (verb === 'EHLO') say('250 sink');
        else if (verb === 'MAIL') {
          current.from = line;
          say('250 ok');
        } else if (verb === 'RCPT') {
          current.to.push(line);
          say('250 ok');
        } else if (verb === 'DATA') {
          inData = true;
          say('354 go on');
        } else if (verb === 'QUIT') {
          say('221 bye');
          socket.end();
        } else say('250 ok');
      }
    });
  });
  return { server, received };
}

/** The body of the MIME part whose headers mention `filename`, decoded. */
function attachmentOf(message: string, filename: string): { headers: string; content: string } {
  const parts = message.split(/\r\n--[^\r\n]+\r\n/);
  const part = parts.find((p) => p.includes(`filename=${filename}`) || p.includes(`filename="${filename}"`));
  if (!part) throw new Error(`no part named ${filename}`);
  const split = part.indexOf('\r\n\r\n');
  const headers = part.slice(0, split);
  const body = part.slice(split + 4).replace(/\r\n--[^\r\n]+--\s*$/, '');
  const encoding = /content-transfer-encoding:\s*([\w-]+)/i.exec(headers)?.[1]?.toLowerCase();
  const content =
    encoding === 'base64'
      ? Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8')
      : encoding === 'quoted-printable'
        ? Buffer.from(
            body
              .replace(/=\r\n/g, '')
              .replace(/=([0-9A-F]{2})/gi, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16))),
            'latin1',
          ).toString('utf8')
        : body;
  return { headers, content };
}

const calendar = [
  'BEGIN:VCALENDAR',
  'VERSION:2.0',
  'METHOD:PUBLISH',
  'BEGIN:VEVENT',
  'UID:booking-1@mutual',
  'SUMMARY:Limpieza — Sofía',
  'DTSTART:20260303T090000Z',
  'END:VEVENT',
  'END:VCALENDAR',
  '',
].join('\r\n');

const email: Email = {
  to: 'hugo@example.test',
  subject: 'Booking confirmed: Home cleaning',
  text: 'Hello Hugo,\n\nThe attached booking.ics adds it to your calendar.\n',
  attachments: [
    {
      filename: 'booking.ics',
      contentType: 'text/calendar; charset=utf-8; method=PUBLISH',
      content: calendar,
    },
  ],
};

let sink: ReturnType<typeof smtpSink> | undefined;
afterEach(async () => {
  if (sink) await new Promise((resolve) => sink!.server.close(resolve));
  sink = undefined;
});

describe('createMailer', () => {
  it('sends the text and each attachment over SMTP', async () => {
    sink = smtpSink();
    sink.server.listen(0, '127.0.0.1');
    await once(sink.server, 'listening');
    const { port } = sink.server.address() as { port: number };
    const mailer = createMailer({
      smtpUrl: `smtp://127.0.0.1:${port}`,
      from: 'Mutual <no-reply@mutual.test>',
      logger: createLogger('silent'),
    });
    expect(mailer.via).toBe('smtp');
    await mailer.send(email);
    expect(sink.received).toHaveLength(1);
    const [message] = sink.received;
    expect(message!.from).toContain('no-reply@mutual.test');
    expect(message!.to.join()).toContain('hugo@example.test');
    expect(message!.data).toMatch(/^Content-Type: multipart\/mixed/im);
    expect(message!.data).toMatch(/^Subject: Booking confirmed: Home cleaning/m);
    const file = attachmentOf(message!.data, 'booking.ics');
    expect(file.headers).toMatch(/content-type: text\/calendar; charset=utf-8; method=PUBLISH/i);
    expect(file.headers).toMatch(/content-disposition: attachment/i);
    expect(file.content).toBe(calendar);
  });

  it('prints the email and its attachments to the log without SMTP', async () => {
    const lines: string[] = [];
    const logger = pino(
      { level: 'info' },
      new Writable({
        write(chunk, _encoding, done) {
          lines.push(String(chunk));
          done();
        },
      }),
    );
    const mailer = createMailer({ smtpUrl: undefined, from: 'Mutual <no-reply@mutual.test>', logger });
    expect(mailer.via).toBe('log');
    await mailer.send(email);
    const logged = JSON.parse(lines[0]!) as { email: Email };
    expect(logged.email).toEqual(email);
  });
});
