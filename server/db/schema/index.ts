export * from './accounts.ts';
export * from './audit.ts';
export * from './coops.ts';
export * from './governance.ts';
export * from './ledger.ts';
export * from './market.ts';
export * from './outbox.ts';
