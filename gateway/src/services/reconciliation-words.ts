/**
 * What each reconciliation finding says to the auditor who reads it, Vietnamese first: which school, class
 * and batch, which record by its place in the batch (no personal data), what differs, and what to do.
 */
import type { Localized } from '@hocba/integrity';

export const FINDING_KINDS = [
  'RECORD_CHANGED',
  'RECORD_MISSING',
  'RECORD_ADDED',
  'STATUS_MISMATCH',
  'ROOT_MISMATCH',
  'MANIFEST_MISMATCH',
  'CMS_MISMATCH',
  'ANCHOR_MISMATCH',
  'BATCH_MISSING_IN_DB',
  'BATCH_NOT_ON_LEDGER',
] as const;
export type FindingKind = (typeof FINDING_KINDS)[number];

/** Where a finding is, in the words a person finds it by. */
export interface FindingPlace {
  schoolName: string;
  className?: string | null | undefined;
  batchId: string;
  /** 0-based position of the record in its batch's tree. */
  leafIndex?: number | undefined;
}

/** A record changed behind the gateway's back: what exactly no longer agrees. */
export type ChangeDetail = 'leaf' | 'proof' | 'shown' | 'uncommitted';

// A class batch is named by its class (what a person knows it by); a school batch by its id.
const batchVi = (p: FindingPlace) =>
  p.className ? `lô học bạ lớp ${p.className} của ${p.schoolName}` : `lô ${p.batchId} của ${p.schoolName}`;
const batchEn = (p: FindingPlace) =>
  p.className
    ? `the batch of class ${p.className} of ${p.schoolName}`
    : `batch ${p.batchId} of ${p.schoolName}`;
const recordVi = (p: FindingPlace) => `Học bạ thứ ${(p.leafIndex ?? 0) + 1} của ${batchVi(p)}`;
const recordEn = (p: FindingPlace) => `Record no. ${(p.leafIndex ?? 0) + 1} of ${batchEn(p)}`;

const CHANGE: Record<ChangeDetail, Localized> = {
  leaf: {
    vi: 'nội dung đã lưu không còn cho ra đúng mã băm (lá) đã chốt — dữ liệu (ví dụ một điểm) đã bị sửa sau khi chốt',
    en: 'its stored content no longer gives the leaf hash it was locked with — its data (a mark, say) was changed after lock',
  },
  proof: {
    vi: 'mã băm (lá) đã lưu không dẫn tới gốc Merkle đã neo trên sổ cái — học bạ hoặc bằng chứng đã bị thay sau khi chốt',
    en: 'its stored leaf does not lead to the Merkle root anchored on the ledger — the record or its proof was replaced after lock',
  },
  shown: {
    vi: 'nội dung hiển thị cho cán bộ khác với bản đã chốt và ký — dữ liệu đã bị sửa sau khi chốt',
    en: 'the content shown to staff differs from the locked and signed text — it was changed after lock',
  },
  uncommitted: {
    vi: 'học bạ trong lô đã ký không còn ở trạng thái đã chốt (thiếu nội dung, muối hoặc mã băm đã chốt)',
    en: 'a record of a signed batch is no longer in a locked state (its locked text, salt or leaf is gone)',
  },
};

const RESTORE_VI =
  'Hãy khôi phục bản đã chốt từ bản sao lưu của cơ sở dữ liệu gốc và tìm người đã sửa trong nhật ký hệ thống.';
const RESTORE_EN =
  "Restore the locked version from the root database's backup and find who changed it in the audit log.";

export function recordChanged(p: FindingPlace, detail: ChangeDetail): Localized {
  return {
    vi: `${recordVi(p)}: ${CHANGE[detail].vi}. ${RESTORE_VI}`,
    en: `${recordEn(p)}: ${CHANGE[detail].en}. ${RESTORE_EN}`,
  };
}

export const recordMissing = (p: FindingPlace): Localized => ({
  vi: `${recordVi(p)} có trên cây Merkle đã neo nhưng không còn trong cơ sở dữ liệu (đã bị xóa). ${RESTORE_VI}`,
  en: `${recordEn(p)} is in the anchored Merkle tree but no longer in the database (deleted). ${RESTORE_EN}`,
});

export const recordAdded = (p: FindingPlace, leafCount: number): Localized => ({
  vi: `${recordVi(p)} có trong cơ sở dữ liệu nhưng lô đã neo chỉ có ${leafCount} học bạ: một dòng đã được thêm sau khi chốt. Học bạ này không có giá trị pháp lý; hãy xóa dòng thêm trái phép và tìm người đã thêm trong nhật ký hệ thống.`,
  en: `${recordEn(p)} is in the database but the anchored batch holds only ${leafCount} records: a row was added after lock. It has no legal force; remove the row and find who added it in the audit log.`,
});

export const recordUnbatched = (p: Omit<FindingPlace, 'batchId'> & { schoolYear: string }): Localized => ({
  vi: `Một học bạ năm học ${p.schoolYear} của ${p.schoolName}${p.className ? `, lớp ${p.className}` : ''} mang trạng thái đã chốt nhưng không thuộc lô nào đã ký: nó đã được thêm hoặc sửa trạng thái sau khi chốt. Hãy kiểm tra và tìm người đã sửa trong nhật ký hệ thống.`,
  en: `A ${p.schoolYear} record of ${p.schoolName}${p.className ? `, class ${p.className}` : ''} is marked locked but belongs to no signed batch: it was added or its state changed after lock. Check it and find who changed it in the audit log.`,
});

const STATE_VI: Record<string, string> = {
  assembling: 'đang lập',
  signed: 'đã ký',
  anchored: 'đã neo',
  accepted: 'đã tiếp nhận',
  reported: 'đã báo cáo',
  recallRequested: 'đang đề nghị thu hồi',
  recalled: 'đã thu hồi',
  replaced: 'đã được thay thế',
  locked: 'còn hiệu lực',
  revoked: 'đã thu hồi',
  superseded: 'đã được điều chỉnh',
  missing: 'không có',
};
const stateVi = (s: string) => STATE_VI[s] ?? s;

export const batchStatus = (p: FindingPlace, ledger: string, db: string): Localized => ({
  vi: `Trạng thái của ${batchVi(p)} trên sổ cái là "${stateVi(ledger)}" nhưng cơ sở dữ liệu ghi "${stateVi(db)}". Sổ cái là căn cứ: hãy sửa trạng thái trong cơ sở dữ liệu theo sổ cái và tìm người đã sửa trong nhật ký hệ thống.`,
  en: `The ledger says ${batchEn(p)} is ${ledger} but the database says ${db}. The ledger is authoritative: set the database's state from it and find who changed it in the audit log.`,
});

export const recordStatus = (p: FindingPlace, ledger: string, db: string): Localized => ({
  vi: `${recordVi(p)}: trên sổ cái là "${stateVi(ledger)}" nhưng cơ sở dữ liệu ghi "${stateVi(db)}". Sổ cái là căn cứ: hãy sửa trạng thái trong cơ sở dữ liệu theo sổ cái.`,
  en: `${recordEn(p)}: the ledger says ${ledger} but the database says ${db}. The ledger is authoritative: set the database's state from it.`,
});

const WHAT: Record<'ROOT_MISMATCH' | 'MANIFEST_MISMATCH' | 'CMS_MISMATCH' | 'ANCHOR_MISMATCH', Localized> = {
  ROOT_MISMATCH: {
    vi: 'gốc Merkle (hoặc số học bạ) của lô',
    en: "the batch's Merkle root (or its record count)",
  },
  MANIFEST_MISMATCH: { vi: 'bản kê (manifest) đã ký của lô', en: "the batch's signed manifest" },
  CMS_MISMATCH: {
    vi: 'chữ ký số (CMS) của hiệu trưởng trên lô',
    en: "the principal's signature (CMS) of the batch",
  },
  ANCHOR_MISMATCH: {
    vi: 'giao dịch hoặc khối ghi nhận lô trên sổ cái',
    en: 'the transaction or block that anchored the batch',
  },
};

export const batchField = (kind: keyof typeof WHAT, p: FindingPlace): Localized => ({
  vi: `${WHAT[kind].vi[0]!.toUpperCase()}${WHAT[kind].vi.slice(1)} — ${batchVi(p)} — trong cơ sở dữ liệu khác với sổ cái. Bản trên sổ cái là căn cứ; hãy khôi phục từ bản sao lưu và tìm người đã sửa trong nhật ký hệ thống.`,
  en: `${WHAT[kind].en[0]!.toUpperCase()}${WHAT[kind].en.slice(1)} — ${batchEn(p)} — differs in the database from the ledger. The ledger's is authoritative; restore it from the backup and find who changed it in the audit log.`,
});

export const batchMissingInDb = (p: FindingPlace, leafCount: number): Localized => ({
  vi: `Lô ${p.batchId} (${leafCount} học bạ) của ${p.schoolName} đã được neo trên sổ cái nhưng không có trong cơ sở dữ liệu gốc: các học bạ của lô không tra cứu được. Hãy khôi phục lô từ bản sao lưu.`,
  en: `Batch ${p.batchId} (${leafCount} records) of ${p.schoolName} is anchored on the ledger but missing from the root database: its records cannot be looked up. Restore the batch from the backup.`,
});

export const batchNotOnLedger = (p: FindingPlace): Localized => ({
  vi: `Cơ sở dữ liệu ghi ${batchVi(p)} là đã neo, nhưng sổ cái không có lô này: các học bạ của lô không kiểm chứng được. Hãy kiểm tra hàng đợi ghi sổ cái và nhật ký hệ thống.`,
  en: `The database says ${batchEn(p)} is anchored, but the ledger has no such batch: its records cannot be verified. Check the ledger outbox and the audit log.`,
});
