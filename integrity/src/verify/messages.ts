/**
 * What each outcome means, for a person: Vietnamese first, English second. Messages are built from the
 * reason code and its facts only, so the same report reads the same in the gateway, the portal and the CLI.
 */
import type { ReasonCode, StepName } from './steps.ts';

export interface Localized {
  vi: string;
  en: string;
}

type Facts = Record<string, unknown> | undefined;
type Text = (f: Record<string, unknown>) => Localized;

const PASS: Record<StepName, Text> = {
  integrity: () => ({
    vi: 'Nội dung học bạ không bị thay đổi: các trường được công bố khớp với mã băm đã chốt.',
    en: 'The record is unchanged: the disclosed fields match the hash that was locked.',
  }),
  inclusion: (f) => ({
    vi: `Học bạ nằm trong lô ${f.batchId} (vị trí ${Number(f.leafIndex) + 1} trên ${f.treeSize}).`,
    en: `The record is included in batch ${f.batchId} (position ${Number(f.leafIndex) + 1} of ${f.treeSize}).`,
  }),
  anchor: (f) => ({
    vi: `Lô đã được neo trên sổ cái: khối ${f.blockNumber ?? '?'}, giao dịch ${f.txId ?? '?'}.`,
    en: `The batch is anchored on the ledger: block ${f.blockNumber ?? '?'}, transaction ${f.txId ?? '?'}.`,
  }),
  signature: (f) => ({
    vi: `Chữ ký số của thủ trưởng cơ sở giáo dục hợp lệ (ký lúc ${f.signingTime}).`,
    en: `The principal's digital signature is valid (signed at ${f.signingTime}).`,
  }),
  signer: (f) => ({
    vi: `Chứng thư số được cấp bởi tổ chức tin cậy và đã được Sở đăng ký cho trường ${f.schoolId}.`,
    en: `The certificate chains to a trusted root and is registered by the province for school ${f.schoolId}.`,
  }),
  status: () => ({
    vi: 'Học bạ còn hiệu lực: không bị thu hồi, không được điều chỉnh sau đó, lô không bị thu hồi hay thay thế.',
    en: 'The record is in force: not revoked, not corrected since, and its batch is neither recalled nor replaced.',
  }),
};

/** A ledger time as a date in Vietnam (dd/mm/yyyy, UTC+7 all year: no daylight saving). */
export function vnDate(at: unknown): string {
  const t = typeof at === 'string' ? Date.parse(at) : Number.NaN;
  if (Number.isNaN(t)) return '?';
  const d = new Date(t + 7 * 3600_000);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(d.getUTCDate())}/${two(d.getUTCMonth() + 1)}/${d.getUTCFullYear()}`;
}

const REASONS: Partial<Record<ReasonCode, Text>> = {
  BUNDLE_MALFORMED: () => ({
    vi: 'Tệp minh chứng không đúng định dạng.',
    en: 'The proof bundle is not in the expected format.',
  }),
  PREVIOUS_STEP_FAILED: () => ({
    vi: 'Chưa kiểm tra được vì một bước trước không thành công.',
    en: 'Not checked, because an earlier step did not succeed.',
  }),
  INTEGRITY_LEAF_MISMATCH: () => ({
    vi: 'Nội dung học bạ đã bị thay đổi: các trường không khớp với mã băm đã chốt.',
    en: 'The record has been altered: its fields do not match the hash that was locked.',
  }),
  DISCLOSURE_MALFORMED: () => ({
    vi: 'Phần công bố các trường của học bạ không hợp lệ.',
    en: 'The disclosure of the record’s fields is malformed.',
  }),
  INCLUSION_SIZE_MISMATCH: (f) => ({
    vi: `Bằng chứng dành cho lô ${f.treeSize} học bạ, nhưng lô đã ký có ${f.leafCount}.`,
    en: `The proof is for a batch of ${f.treeSize} records, but the signed batch has ${f.leafCount}.`,
  }),
  MERKLE_ROOT_MISMATCH: () => ({
    vi: 'Học bạ không thuộc lô đã ký: bằng chứng không dẫn tới gốc Merkle của lô.',
    en: 'The record is not in the signed batch: the proof does not lead to the batch’s Merkle root.',
  }),
  ANCHOR_UNAVAILABLE: () => ({
    vi: 'Không kiểm tra được trên sổ cái khi ngoại tuyến.',
    en: 'Could not be checked against the ledger offline.',
  }),
  ANCHOR_NOT_FOUND: (f) => ({
    vi: `Sổ cái không có lô ${f.batchId}.`,
    en: `The ledger has no batch ${f.batchId}.`,
  }),
  ANCHOR_BATCH_MISMATCH: () => ({
    vi: 'Sổ cái trả về một lô khác với lô trong tệp.',
    en: 'The ledger returned a different batch from the one in the file.',
  }),
  ANCHOR_ROOT_MISMATCH: () => ({
    vi: 'Gốc Merkle của lô khác với gốc đã neo trên sổ cái.',
    en: 'The batch’s Merkle root differs from the root anchored on the ledger.',
  }),
  ANCHOR_MANIFEST_MISMATCH: () => ({
    vi: 'Bản kê của lô khác với bản kê đã neo trên sổ cái.',
    en: 'The batch manifest differs from the manifest anchored on the ledger.',
  }),
  ANCHOR_SIGNATURE_MISMATCH: () => ({
    vi: 'Chữ ký số trong tệp khác với chữ ký đã neo trên sổ cái.',
    en: 'The signature in the file differs from the signature anchored on the ledger.',
  }),
  MANIFEST_INVALID: () => ({ vi: 'Bản kê của lô không hợp lệ.', en: 'The batch manifest is invalid.' }),
  MANIFEST_NOT_CANONICAL: () => ({
    vi: 'Bản kê của lô không ở dạng chuẩn hóa.',
    en: 'The batch manifest is not in canonical form.',
  }),
  SIGNATURE_SIGNER_MISMATCH: () => ({
    vi: 'Chữ ký được tạo bởi chứng thư số khác với chứng thư ghi trong bản kê.',
    en: 'The signature was made with a different certificate from the one the manifest names.',
  }),
  CMS_DIGEST_MISMATCH: () => ({
    vi: 'Chữ ký số không khớp với bản kê: bản kê đã bị thay đổi sau khi ký.',
    en: 'The signature does not match the manifest: it was changed after signing.',
  }),
  CMS_SIGNATURE_INVALID: () => ({ vi: 'Chữ ký số không hợp lệ.', en: 'The digital signature is invalid.' }),
  CMS_WEAK_DIGEST: () => ({
    vi: 'Chữ ký dùng thuật toán băm yếu (MD5/SHA-1), không được chấp nhận.',
    en: 'The signature uses a weak hash (MD5/SHA-1), which is not accepted.',
  }),
  CERT_WEAK_KEY: () => ({
    vi: 'Khóa của chứng thư số quá yếu (RSA dưới 2048 bit hoặc đường cong không được hỗ trợ).',
    en: 'The certificate’s key is too weak (RSA under 2048 bits or an unsupported curve).',
  }),
  CERT_EXPIRED: () => ({
    vi: 'Chứng thư số đã hết hạn tại thời điểm ký.',
    en: 'The certificate had expired when it signed.',
  }),
  CERT_NOT_YET_VALID: () => ({
    vi: 'Chứng thư số chưa có hiệu lực tại thời điểm ký.',
    en: 'The certificate was not yet valid when it signed.',
  }),
  CERT_KEY_USAGE: () => ({
    vi: 'Chứng thư số không được phép dùng để ký số.',
    en: 'The certificate is not allowed to make digital signatures.',
  }),
  CERT_CHAIN_UNTRUSTED: () => ({
    vi: 'Chứng thư số không được cấp bởi tổ chức cung cấp dịch vụ chứng thực tin cậy.',
    en: 'The certificate does not chain to a trusted root.',
  }),
  CERT_NOT_REGISTERED: (f) => ({
    vi: `Chứng thư số chưa được Sở phê duyệt cho trường ${f.schoolId}.`,
    en: `The certificate is not approved by the province for school ${f.schoolId}.`,
  }),
  CERT_REVOKED: (f) => ({
    vi: `Chứng thư số đã bị thu hồi từ ${f.revokedFrom ?? '?'}.`,
    en: `The certificate was revoked from ${f.revokedFrom ?? '?'}.`,
  }),
  SIGNER_REGISTRATION_UNAVAILABLE: () => ({
    vi: 'Chuỗi chứng thư hợp lệ; chưa kiểm tra được việc đăng ký cho trường khi ngoại tuyến.',
    en: 'The certificate chain is valid; its registration for the school could not be checked offline.',
  }),
  STATUS_UNAVAILABLE: () => ({
    vi: 'Không kiểm tra được tình trạng thu hồi khi ngoại tuyến.',
    en: 'Revocation status could not be checked offline.',
  }),
  STATUS_REVOKED: (f) => ({
    vi: `Học bạ đã bị thu hồi ngày ${f.at} (lý do ${f.reasonCode}; căn cứ ${f.legalBasis}).`,
    en: `The record was revoked on ${f.at} (reason ${f.reasonCode}; legal basis ${f.legalBasis}).`,
  }),
  STATUS_RECALLED: (f) => ({
    vi: `Lô học bạ đã bị thu hồi${f.at ? ` ngày ${f.at}` : ''}${f.legalBasis ? ` (căn cứ ${f.legalBasis})` : ''}.`,
    en: `The batch was recalled${f.at ? ` on ${f.at}` : ''}${f.legalBasis ? ` (legal basis ${f.legalBasis})` : ''}.`,
  }),
  STATUS_CORRECTED: (f) => {
    const by = f.correctedBy as { batchId?: string; leafIndex?: number } | undefined;
    const where = by ? ` (lô ${by.batchId}, vị trí ${Number(by.leafIndex) + 1})` : '';
    const whereEn = by ? ` (batch ${by.batchId}, position ${Number(by.leafIndex) + 1})` : '';
    return {
      vi: `Học bạ đã được điều chỉnh ngày ${vnDate(f.at)} theo ${f.legalBasis ?? '?'}; đây không còn là phiên bản hiện hành${where}.`,
      en: `The record was corrected on ${vnDate(f.at)} under ${f.legalBasis ?? '?'}; this is no longer the current version${whereEn}.`,
    };
  },
  STATUS_SUPERSEDED: (f) => ({
    vi: `Học bạ đã được thay thế bởi lô ${f.supersededBy ?? '?'}.`,
    en: `The record was superseded by batch ${f.supersededBy ?? '?'}.`,
  }),
};

const GENERIC: Record<StepName, Localized> = {
  integrity: {
    vi: 'Không xác nhận được nội dung học bạ.',
    en: 'The record’s content could not be confirmed.',
  },
  inclusion: {
    vi: 'Không chứng minh được học bạ thuộc lô.',
    en: 'The record could not be shown to be in its batch.',
  },
  anchor: { vi: 'Không khớp với sổ cái.', en: 'Does not match the ledger.' },
  signature: { vi: 'Chữ ký số không hợp lệ.', en: 'The digital signature is invalid.' },
  signer: { vi: 'Chứng thư số không được tin cậy.', en: 'The certificate is not trusted.' },
  status: { vi: 'Không xác định được tình trạng.', en: 'The status could not be determined.' },
};

export function messageFor(step: StepName, code: ReasonCode, facts: Facts): Localized {
  const f = facts ?? {};
  if (code === 'OK') return PASS[step](f);
  const text = REASONS[code];
  if (text) return text(f);
  const g = GENERIC[step];
  return { vi: `${g.vi} (${code})`, en: `${g.en} (${code})` };
}
