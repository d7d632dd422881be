/** The whole schema, one module per area; drizzle-kit reads this file (drizzle.config.ts). */
export * from './audit.ts';
export * from './batches.ts';
export * from './certificates.ts';
export * from './corrections.ts';
export * from './entries.ts';
export * from './enums.ts';
export * from './geography.ts';
export * from './outbox.ts';
export * from './records.ts';
export * from './reports.ts';
export * from './roles.ts';
export * from './schools.ts';
export * from './status.ts';
export * from './students.ts';
export * from './transfers.ts';
export * from './users.ts';
export * from './windows.ts';
