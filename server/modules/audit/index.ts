export { type AuditInput, GENESIS_HASH, recordAudit, type Visibility } from './record-event.ts';
export { type ChainReport, countEvents, listChains, verifyChain } from './verify-chain.ts';
