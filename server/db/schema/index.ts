export * from './accounts.ts';
export * from './audit.ts';
export * from './coops.ts';
export * from './ledger.ts';
export * from './outbox.ts';
export * from './market.ts';
export * from './governance.ts';
