/**
 * Certificates known to the gateway: principals' signing certificates and school seals (registered by the
 * school, approved by the province) and the trusted root CAs (registered by the Ministry). The ledger is
 * the authority the chaincode checks; this table is the gateway's copy and the registration workflow.
 */
import { sql } from 'drizzle-orm';
import { check, foreignKey, index, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { createdAt, tstz, updatedAt } from './columns.ts';
import { certificatePurpose, certificateStatus } from './enums.ts';
import { schools } from './schools.ts';
import { users } from './users.ts';

export const certificates = pgTable(
  'certificates',
  {
    /** SHA-256 (lowercase hex) of the DER certificate: the manifest's signerCert. */
    fingerprint: text('fingerprint').primaryKey(),
    purpose: certificatePurpose('purpose').notNull(),
    /** Null for a root CA. */
    schoolId: text('school_id'),
    subject: text('subject').notNull(),
    pem: text('pem').notNull(),
    notBefore: tstz('not_before').notNull(),
    notAfter: tstz('not_after').notNull(),
    status: certificateStatus('status').notNull().default('requested'),
    registeredBy: uuid('registered_by'),
    approvedBy: uuid('approved_by'),
    ledgerTxId: text('ledger_tx_id'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    check('certificates_fingerprint_format', sql`${t.fingerprint} ~ '^[0-9a-f]{64}$'`),
    check('certificates_validity', sql`${t.notBefore} < ${t.notAfter}`),
    check('certificates_school', sql`(${t.purpose} = 'rootCa') = (${t.schoolId} IS NULL)`),
    foreignKey({ name: 'certificates_school_fk', columns: [t.schoolId], foreignColumns: [schools.id] }),
    foreignKey({
      name: 'certificates_registered_by_fk',
      columns: [t.registeredBy],
      foreignColumns: [users.id],
    }),
    foreignKey({ name: 'certificates_approved_by_fk', columns: [t.approvedBy], foreignColumns: [users.id] }),
    index('certificates_school_status_idx').on(t.schoolId, t.status),
  ],
);
