/**
 * The gateway's one table from error codes to HTTP: its own codes (bad JSON, schema violations, limits)
 * and the LedgerError codes the chaincode and Fabric report. Every answer to a bad request is
 * `{ error: { code, message: { vi, en } } }` with a stable code that clients and tests match on; the
 * message is for the person reading it, Vietnamese first.
 */
import type { IntegrityErrorCode, Localized } from '@hocba/integrity';
import type { ServiceErrorCode } from './services/errors.ts';

export interface Problem {
  /** The request part: body, params, querystring or headers. */
  in: string;
  /** RFC 6901 JSON Pointer into that part. */
  path: string;
  message: string;
  /** The values the field accepts, when they are few and the caller should choose (the roles a login holds). */
  allowed?: string[];
  /** A whole class's entry (services/marks.ts): the row and the record it names. */
  row?: number;
  recordId?: string;
}

export interface ErrorBody {
  error: { code: string; message: Localized; problems?: Problem[] };
}

/** A code's status and its one message, Vietnamese first. */
interface Message {
  status: number;
  vi: string;
  en: string;
}

/** Codes the gateway raises itself, with their status and message. */
const GATEWAY = {
  BAD_JSON: {
    status: 400,
    vi: 'Nội dung gửi lên không phải JSON hợp lệ.',
    en: 'The request body is not valid JSON.',
  },
  VALIDATION: {
    status: 400,
    vi: 'Dữ liệu gửi lên không đúng định dạng; xem danh sách lỗi theo từng trường.',
    en: 'The request does not match its schema; see the problems listed by path.',
  },
  TOO_MANY: {
    status: 400,
    vi: 'Mỗi lần gọi chỉ kiểm tra được tối đa 1.000 gói minh chứng.',
    en: 'At most 1,000 proof bundles can be checked per call.',
  },
  CURSOR_INVALID: {
    status: 400,
    vi: 'Con trỏ phân trang không hợp lệ; hãy dùng đúng giá trị nextCursor của trang trước, hoặc bỏ trống để xem trang đầu.',
    en: 'The paging cursor is not valid; pass the previous page’s nextCursor as it is, or none for the first page.',
  },
  BAD_REQUEST: { status: 400, vi: 'Yêu cầu không hợp lệ.', en: 'The request is not valid.' },
  NUL_CHARACTER: {
    status: 400,
    vi: 'Dữ liệu gửi lên có ký tự rỗng (NUL, U+0000), ký tự này không được phép; hãy xóa ký tự đó ở trường được nêu.',
    en: 'The request contains a NUL character (U+0000), which is not allowed; remove it from the field named.',
  },
  URI_TOO_LONG: {
    status: 414,
    vi: 'Một phần của đường dẫn quá dài (tối đa 100 ký tự); hãy kiểm tra lại mã số trong đường dẫn.',
    en: 'A part of the path is too long (at most 100 characters); check the identifier in the path.',
  },
  UNAUTHENTICATED: {
    status: 401,
    vi: 'Cần đăng nhập: thiếu mã truy cập, hoặc mã đã hết hạn hay không hợp lệ.',
    en: 'Authentication required: the access token is missing, expired or invalid.',
  },
  ACCESS_REVOKED: {
    status: 401,
    vi: 'Quyền truy cập của tài khoản đã thay đổi hoặc tài khoản đã bị khóa; hãy đăng nhập lại.',
    en: 'The account’s access has changed or the account was disabled; log in again.',
  },
  INVALID_CREDENTIALS: {
    status: 401,
    vi: 'Tên đăng nhập hoặc mật khẩu không đúng.',
    en: 'The login or the password is wrong.',
  },
  ACCOUNT_DISABLED: {
    status: 403,
    vi: 'Tài khoản đã bị khóa; liên hệ quản trị hệ thống của đơn vị.',
    en: 'The account is disabled; contact your unit’s administrator.',
  },
  ROLE_REQUIRED: {
    status: 400,
    vi: 'Tài khoản có nhiều vai trò; hãy chọn một vai trò (trường role).',
    en: 'The account holds several roles; choose one (the role field).',
  },
  ROLE_NOT_HELD: {
    status: 403,
    vi: 'Tài khoản không được giao vai trò này.',
    en: 'The account does not hold this role.',
  },
  FORBIDDEN: {
    status: 403,
    vi: 'Vai trò của bạn không được phép thực hiện thao tác này.',
    en: 'Your role is not allowed to do this.',
  },
  OUT_OF_SCOPE: {
    status: 403,
    vi: 'Đối tượng này nằm ngoài phạm vi được giao cho bạn (trường, lớp, môn, quận/huyện hoặc tỉnh).',
    en: 'This is outside the scope you were assigned (school, class, subject, district or province).',
  },
  NOT_FOUND: {
    status: 404,
    vi: 'Không có đường dẫn này; xem tài liệu API tại /docs.',
    en: 'No such route; see the API documentation at /docs.',
  },
  LOOKUP_CODE_INVALID: {
    status: 400,
    vi: 'Mã số tra cứu không hợp lệ (sai độ dài hoặc sai ký tự kiểm tra); hãy kiểm tra lại từng ký tự.',
    en: 'The lookup code is not valid (wrong length or check character); check each character again.',
  },
  RECORD_NOT_YET_SIGNED: {
    status: 409,
    vi: 'Học bạ đã khóa nhưng chưa được hiệu trưởng ký số; vui lòng tra cứu lại sau.',
    en: 'The record is locked but its batch is not signed yet; please look it up again later.',
  },
  DOCUMENT_NOT_ISSUABLE: {
    status: 409,
    vi: 'Chỉ cấp được bản PDF của học bạ đã khóa (chốt), đã được hiệu trưởng ký số và đã neo lên sổ cái; học bạ này chưa đủ điều kiện, vui lòng thử lại sau.',
    en: 'A PDF is issued only for a record that is locked, signed by the principal and anchored on the ledger; this one is not yet, please try again later.',
  },
  DOCUMENT_RECORD_NOT_CURRENT: {
    status: 409,
    vi: 'Học bạ này đã bị thu hồi hoặc đã được thay thế bằng phiên bản khác nên không cấp bản PDF; hãy cấp từ phiên bản hiện hành.',
    en: 'This record was revoked or replaced by another version, so no PDF is issued for it; issue one from the current version.',
  },
  PAYLOAD_TOO_LARGE: {
    status: 413,
    vi: 'Nội dung gửi lên quá lớn.',
    en: 'The request body is too large.',
  },
  UNSUPPORTED_MEDIA_TYPE: {
    status: 415,
    vi: 'Chỉ nhận nội dung kiểu application/json.',
    en: 'Only application/json bodies are accepted.',
  },
  RATE_LIMITED: {
    status: 429,
    vi: 'Quá nhiều yêu cầu; vui lòng thử lại sau ít phút.',
    en: 'Too many requests; please try again in a few minutes.',
  },
  LOGIN_LOCKED: {
    status: 429,
    vi: 'Đã nhập sai mật khẩu quá nhiều lần với tên đăng nhập này; vui lòng thử lại sau ít phút.',
    en: 'Too many wrong passwords for this login; please try again in a few minutes.',
  },
  REFRESH_TOKEN_INVALID: {
    status: 401,
    vi: 'Phiên đăng nhập đã hết hạn hoặc đã đăng xuất; hãy đăng nhập lại.',
    en: 'The session has expired or was logged out; log in again.',
  },
  REFRESH_TOKEN_REUSED: {
    status: 401,
    vi: 'Mã làm mới phiên đã được dùng trước đó (có thể đã bị sao chép); mọi phiên của lần đăng nhập này đã bị hủy, hãy đăng nhập lại.',
    en: 'This refresh token was already used (it may have been copied); every session of this login was ended, log in again.',
  },
  INTERNAL: {
    status: 500,
    vi: 'Lỗi hệ thống; đã ghi nhận, vui lòng thử lại sau.',
    en: 'Internal error; it has been logged, please try again later.',
  },
  LEDGER_ERROR: {
    status: 502,
    vi: 'Sổ cái trả về lỗi không mong đợi; vui lòng thử lại sau.',
    en: 'The ledger returned an unexpected error; please try again later.',
  },
  LEDGER_UNAVAILABLE: {
    status: 503,
    vi: 'Tạm thời không kết nối được sổ cái; vui lòng thử lại sau.',
    en: 'The ledger cannot be reached right now; please try again later.',
  },
  CALENDAR_NOT_SET: {
    status: 404,
    vi: 'Sở GD&ĐT chưa đặt lịch cho năm học này trên sổ cái.',
    en: 'The province has not set the calendar of this school year on the ledger.',
  },
  DOCUMENT_RENDER_BUSY: {
    status: 503,
    vi: 'Máy chủ đang tạo nhiều bản PDF cùng lúc; vui lòng thử lại sau ít phút.',
    en: 'The server is rendering many PDFs at once; please try again in a few minutes.',
  },
  DOCUMENT_RENDER_FAILED: {
    status: 503,
    vi: 'Không tạo được bản PDF do lỗi của máy chủ; chưa có bản nào được cấp, vui lòng thử lại.',
    en: 'The PDF could not be rendered because of a server fault; nothing was issued, please try again.',
  },
  ACCESS_LOG_UNAVAILABLE: {
    status: 503,
    vi: 'Tạm thời không ghi được nhật ký truy cập nên chưa thể xem học bạ; vui lòng thử lại sau ít phút.',
    en: 'The access log cannot be written right now, so records cannot be shown; please try again in a few minutes.',
  },
  // Issue 14: the audit reconciliation (routes/v1/reconciliations).
  RECONCILIATION_NOT_FOUND: {
    status: 404,
    vi: 'Không tìm thấy lần đối soát này.',
    en: 'No such reconciliation.',
  },
  NOTIFICATION_NOT_FOUND: {
    status: 404,
    vi: 'Không có thông báo này trong các thông báo của bạn.',
    en: 'No such notification among yours.',
  },
} as const satisfies Record<string, Message>;

/** The codes of the gateway's own table. */
export type GatewayCode = keyof typeof GATEWAY;

/** Each code's one message (the gateway's and the service layer's tables), for the tests and the docs. */
export function messageTables(): {
  gateway: Readonly<Record<string, Message>>;
  service: Readonly<Record<string, Message>>;
} {
  return { gateway: GATEWAY, service: SERVICE };
}

/**
 * LedgerError codes (the chaincode's refusals, Fabric's validation codes) → HTTP status. integrity/'s own
 * codes pass through the chaincode unchanged, so they are matched by prefix.
 */
export const LEDGER_STATUS = {
  INVALID_ARGUMENT: 400,
  ACCESS_DENIED: 403,
  NOT_FOUND: 404,
  ALREADY_EXISTS: 409,
  WRONG_STATE: 409,
  // Still conflicting after the client's retries: the caller may try again.
  MVCC_READ_CONFLICT: 409,
  PHANTOM_READ_CONFLICT: 409,
  WINDOW_CLOSED: 422,
  NOT_PERMITTED: 422,
  SIGNING_TIME_INVALID: 422,
  REPORT_MISMATCH: 422,
  BATCH_NOT_ACCEPTED: 422,
  CERT_NOT_REGISTERED: 422,
  CERT_REVOKED: 422,
  // The gateway chose the wrong endorsers: our fault, not the caller's.
  ENDORSEMENT_POLICY_FAILURE: 502,
} as const satisfies Record<string, number>;
/**
 * A code the ledger reports: the chaincode's (LEDGER_STATUS) or integrity's, passed through the chaincode
 * (CMS_…, CERT_…, MANIFEST_…).
 */
export type LedgerCode = keyof typeof LEDGER_STATUS | `${'CMS' | 'CERT' | 'MANIFEST'}_${string}`;

/**
 * Every code the gateway answers with, as one union: a misspelt code in `new ApiError(…)`,
 * `fromServiceCode(…)` or `new ServiceError(…)` does not compile.
 */
export type ErrorCode = GatewayCode | ServiceErrorCode | LedgerCode | IntegrityErrorCode;

const LEDGER_PREFIX_STATUS: readonly [string, number][] = [
  ['CMS_', 422],
  ['CERT_', 422],
  ['MANIFEST_', 422],
];

const LEDGER_MESSAGES: Record<number, Localized> = {
  400: { vi: 'Sổ cái từ chối: tham số không hợp lệ.', en: 'The ledger refused: invalid argument.' },
  403: {
    vi: 'Bạn không có quyền thực hiện thao tác này trên sổ cái.',
    en: 'You are not allowed to do this on the ledger.',
  },
  404: { vi: 'Sổ cái không có đối tượng này.', en: 'The ledger has no such object.' },
  409: {
    vi: 'Thao tác xung đột với trạng thái hiện tại trên sổ cái.',
    en: 'The action conflicts with the current state on the ledger.',
  },
  422: {
    vi: 'Sổ cái từ chối thao tác (ngoài thời hạn, chưa được phép, hoặc chữ ký/chứng thư không hợp lệ).',
    en: 'The ledger refused the action (window closed, not permitted, or invalid signature or certificate).',
  },
};

/** The HTTP status of a LedgerError code; unknown codes are the ledger's problem, not the caller's. */
export function ledgerStatus(code: string): number {
  return (
    (LEDGER_STATUS as Readonly<Record<string, number>>)[code] ??
    LEDGER_PREFIX_STATUS.find(([p]) => code.startsWith(p))?.[1] ??
    502
  );
}

/** An error the gateway answers with its code; thrown by routes and hooks, rendered by the error handler. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  readonly statusCode: number;
  readonly localized: Localized;
  constructor(
    readonly code: ErrorCode,
    o: { status?: number; message?: Localized; problems?: Problem[]; cause?: unknown } = {},
  ) {
    const known: Message | undefined =
      (GATEWAY as Record<string, Message>)[code] ?? (SERVICE as Record<string, Message>)[code];
    const localized = o.message ??
      (known && { vi: known.vi, en: known.en }) ?? { vi: 'Yêu cầu không hợp lệ.', en: 'Invalid request.' };
    super(localized.en, o.cause === undefined ? undefined : { cause: o.cause });
    this.statusCode = o.status ?? known?.status ?? 400;
    this.localized = localized;
    if (o.problems) this.problems = o.problems;
  }
  problems?: Problem[];
}

/**
 * The service layer's refusals (services/errors.ts). Exhaustive by type: a new ServiceErrorCode does not
 * compile until it has its status and its message here.
 */
export const SERVICE: Readonly<Record<ServiceErrorCode, Message>> = {
  EMPTY_BATCH: { status: 422, vi: 'Lô không có học bạ nào để khóa.', en: 'The batch has no record to lock.' },
  DUPLICATE_RECORD: {
    status: 400,
    vi: 'Một học bạ được nêu hai lần trong lô.',
    en: 'A record is listed twice in the batch.',
  },
  // One message for the workflow's record ids and the public lookup (code and date of birth) alike.
  RECORD_NOT_FOUND: {
    status: 404,
    vi: 'Không tìm thấy học bạ: hãy kiểm tra lại mã học bạ, hoặc mã số tra cứu và ngày sinh.',
    en: 'No record was found: check the record id, or the lookup code and the date of birth.',
  },
  RECORD_NOT_APPROVED: {
    status: 409,
    vi: 'Học bạ chưa được hiệu trưởng phê duyệt nên chưa thể khóa.',
    en: 'The record has not been approved by the principal, so it cannot be locked.',
  },
  WRONG_SCHOOL: {
    status: 422,
    vi: 'Học bạ không thuộc trường của lô.',
    en: 'The record does not belong to the batch’s school.',
  },
  WRONG_SCHOOL_YEAR: {
    status: 422,
    vi: 'Học bạ không thuộc năm học của lô.',
    en: 'The record is not of the batch’s school year.',
  },
  WRONG_CLASS: {
    status: 422,
    vi: 'Học bạ không thuộc lớp của lô.',
    en: 'The record is not of the batch’s class.',
  },
  LOOKUP_CODE_MISSING: {
    status: 422,
    vi: 'Học bạ chưa được cấp mã số tra cứu.',
    en: 'The record has not been issued a lookup code.',
  },
  LOOKUP_CODE_TAKEN: {
    status: 409,
    vi: 'Mã số tra cứu của một học bạ trong lô đã được dùng.',
    en: 'A lookup code of a record in the batch is already in use.',
  },
  RECORD_NOT_OBJECT: {
    status: 422,
    vi: 'Nội dung học bạ không phải một đối tượng JSON.',
    en: 'The record’s content is not a JSON object.',
  },
  CORRECTION_OUT_OF_SCOPE: {
    status: 422,
    vi: 'Học bạ sau chỉnh sửa thay đổi cả phần không thuộc đề nghị (thông tin định danh, môn khác hoặc sơ yếu lý lịch); chỉ sửa đúng phần đã đề nghị.',
    en: 'The corrected record changes what the request did not cover (identity, another subject or the biography); correct only what was requested.',
  },
  SUPERSEDES_INVALID: {
    status: 422,
    vi: 'Lô thay thế phải nêu một lô đã neo của cùng trường và năm học, chưa bị thay thế.',
    en: 'A replacement must name an anchored batch of the same school and year that is not yet replaced.',
  },
  BATCH_NOT_FOUND: { status: 404, vi: 'Không tìm thấy lô học bạ này.', en: 'No such batch.' },
  BATCH_WRONG_STATE: {
    status: 409,
    vi: 'Trạng thái hiện tại của lô không cho phép thao tác này.',
    en: 'The batch’s current state does not allow this.',
  },
  MANIFEST_NOT_PREPARED: {
    status: 409,
    vi: 'Chưa lập bản kê của lô cho người ký; hãy lấy dữ liệu cần ký trước.',
    en: 'The batch manifest has not been prepared for a signer; fetch what to sign first.',
  },
  MANIFEST_CHANGED: {
    status: 409,
    vi: 'Bản kê đã thay đổi kể từ khi lấy dữ liệu cần ký; hãy lấy lại và ký lại.',
    en: 'The manifest changed since it was fetched for signing; fetch it again and sign again.',
  },
  SIGNER_MISMATCH: {
    status: 422,
    vi: 'Chữ ký không phải của chứng thư số ghi trong bản kê.',
    en: 'The signature is not made by the certificate the manifest names.',
  },
  CERT_NOT_REGISTERED: {
    status: 422,
    vi: 'Chứng thư số chưa được đăng ký và phê duyệt cho trường này.',
    en: 'The certificate is not registered and approved for this school.',
  },
  SIGNING_TIME_INVALID: {
    status: 422,
    vi: 'Thời điểm ký nằm ngoài khoảng cho phép (sau khi khóa, trước hiện tại).',
    en: 'The signing time is outside the allowed range (after the lock, not in the future).',
  },
  ENROLMENT_NOT_FOUND: {
    status: 404,
    vi: 'Không tìm thấy lượt ghi danh (học sinh trong lớp, năm học) này.',
    en: 'No such enrolment (a student in a class for a school year).',
  },
  CLASS_NOT_FOUND: { status: 404, vi: 'Không tìm thấy lớp học này.', en: 'No such class.' },
  SCHOOL_NOT_FOUND: { status: 404, vi: 'Không tìm thấy trường này.', en: 'No such school.' },
  RECORD_EXISTS: {
    status: 409,
    vi: 'Học sinh đã có học bạ cho lượt ghi danh này; hãy mở học bạ đó thay vì tạo mới.',
    en: 'The enrolment already has a record; open that record instead of creating one.',
  },
  BIOGRAPHY_MISSING: {
    status: 422,
    vi: 'Chưa có sơ yếu lý lịch của học sinh; hãy nhập lý lịch trước khi lập học bạ.',
    en: 'The student has no biography yet; enter it before the record is drawn up.',
  },
  RECORD_WRONG_STATE: {
    status: 409,
    vi: 'Trạng thái hiện tại của học bạ không cho phép bước này (nhập → xem xét → xác nhận → phê duyệt).',
    en: 'The record’s current state does not allow this step (enter → review → confirm → approve).',
  },
  RECORD_LOCKED: {
    status: 409,
    vi: 'Học bạ đã khóa (chốt) nên không sửa được; muốn sửa hãy lập đề nghị chỉnh sửa.',
    en: 'The record is locked and cannot be edited; file a correction request instead.',
  },
  RECORD_INVALID: {
    status: 422,
    vi: 'Học bạ chưa đúng quy định; xem danh sách lỗi, mỗi lỗi ghi điều khoản bị vi phạm.',
    en: 'The record breaks the rules; see the problems, each naming the rule it breaks.',
  },
  ENTRY_INVALID: {
    status: 422,
    vi: 'Dữ liệu nhập cho môn học không đúng định dạng; xem danh sách lỗi theo từng trường.',
    en: 'The entry does not have the expected shape; see the problems listed by path.',
  },
  ENTRY_MISSING: {
    status: 422,
    vi: 'Môn học này chưa được nhập kết quả trong học bạ.',
    en: 'This subject has not been entered in the record.',
  },
  ENTRY_ALREADY_CONFIRMED: {
    status: 409,
    vi: 'Tổ chuyên môn đã xác nhận môn học này rồi.',
    en: 'The subject group has already confirmed this subject.',
  },
  SUBJECT_NOT_IN_CURRICULUM: {
    status: 422,
    vi: 'Lớp này không có môn học đó theo chương trình; kiểm tra lại mã môn.',
    en: 'The class’s grade has no such subject in the programme; check the subject code.',
  },
  MARKS_INVALID: {
    status: 422,
    vi: 'Chưa nhập được điểm của lớp: có dòng sai quy định (xem danh sách lỗi theo từng dòng, học sinh, trường và điều khoản); chưa dòng nào được ghi.',
    en: 'The class’s marks were not entered: some rows break the rules (see the problems by row, pupil, field and rule); no row was written.',
  },
  EDITING_WINDOW_CLOSED: {
    status: 423,
    vi: 'Đang khóa nhập liệu (ngoài thời gian được mở); liên hệ quản trị hệ thống của trường để mở.',
    en: 'Data entry is frozen (outside the open window); ask the school’s administrator to unfreeze it.',
  },
  WINDOW_INVALID: {
    status: 422,
    vi: 'Khoảng thời gian mở nhập liệu không hợp lệ (thời điểm mở phải trước thời điểm đóng).',
    en: 'The editing window is not valid (it must open before it closes).',
  },
  SIGNATURE_INVALID: {
    status: 422,
    vi: 'Chữ ký số không hợp lệ: sai khóa, sai nội dung đã ký, hoặc chứng thư không tin cậy.',
    en: 'The signature is not valid: wrong key, altered content, or an untrusted certificate.',
  },
  BATCH_NOT_ANCHORED: {
    status: 409,
    vi: 'Lô chưa được neo lên sổ cái; chỉ thao tác được sau khi lô đã neo.',
    en: 'The batch is not anchored on the ledger yet; this is only possible once it is.',
  },
  NOT_PERMITTED: {
    status: 422,
    vi: 'Sở GD&ĐT chưa cho phép thao tác này với lô (hoặc quyền đã hết hạn, hoặc chưa được ghi lên sổ cái); hãy đề nghị Sở cấp quyền.',
    en: 'The province has not allowed this for the batch (or the permission expired, or is not on the ledger yet); ask the province for it.',
  },
  PERMISSION_INVALID: {
    status: 422,
    vi: 'Quyền cấp phải có thời hạn trong tương lai.',
    en: 'A permission must last until a time in the future.',
  },
  RECORD_NOT_LOCKED: {
    status: 409,
    vi: 'Chỉ thao tác được với học bạ đã khóa, chưa bị thu hồi hay thay thế.',
    en: 'Only a locked record, not revoked or superseded, allows this.',
  },
  ALREADY_REQUESTED: {
    status: 409,
    vi: 'Thao tác này đã được đề nghị hoặc đã thực hiện.',
    en: 'This has already been requested or done.',
  },
  WINDOW_CLOSED: {
    status: 422,
    vi: 'Đã quá thời hạn theo lịch của Sở GD&ĐT cho thao tác này.',
    en: 'The province’s deadline for this has passed.',
  },
  CORRECTION_NOT_FOUND: {
    status: 404,
    vi: 'Không tìm thấy đề nghị chỉnh sửa này.',
    en: 'No such correction request.',
  },
  CORRECTION_WRONG_STATE: {
    status: 409,
    vi: 'Đề nghị chỉnh sửa không ở bước cho phép thao tác này (đề nghị → kiểm tra → phê duyệt).',
    en: 'The correction request is not at the step this needs (request → check → approval).',
  },
  CORRECTION_OPEN: {
    status: 409,
    vi: 'Học bạ này đã có một đề nghị chỉnh sửa đang xử lý.',
    en: 'This record already has a correction request in progress.',
  },
  REPLACEMENT_PENDING: {
    status: 409,
    vi: 'Lô đã có lô thay thế đang chờ ký hoặc neo.',
    en: 'The batch already has a replacement waiting to be signed or anchored.',
  },
  CORRECTION_STALE: {
    status: 409,
    vi: 'Giá trị cũ trong đề nghị chỉnh sửa không khớp với học bạ đã khóa (đề nghị được lập trên dữ liệu khác); hãy tải lại học bạ và lập lại các thay đổi.',
    en: 'The old values in the correction do not match the locked record (it was made against other data); reload the record and make the changes again.',
  },
  CORRECTION_DIFF_INVALID: {
    status: 422,
    vi: 'Danh sách thay đổi không hợp lệ (đường dẫn trường sai, trùng lặp, lồng nhau, thuộc phần định danh, hoặc trường cha không tồn tại); xem danh sách lỗi.',
    en: 'The list of changes is not valid (a malformed, repeated or nested field pointer, the envelope, or a parent that does not exist); see the problems.',
  },
  CERTIFICATE_NOT_FOUND: {
    status: 404,
    vi: 'Không tìm thấy chứng thư số này.',
    en: 'No such certificate.',
  },
  CERTIFICATE_EXISTS: {
    status: 409,
    vi: 'Chứng thư số này đã được đăng ký.',
    en: 'This certificate is already registered.',
  },
  CERTIFICATE_WRONG_STATE: {
    status: 409,
    vi: 'Chứng thư số không ở trạng thái chờ Sở GD&ĐT phê duyệt.',
    en: 'The certificate is not awaiting the province’s approval.',
  },
  CERTIFICATE_NOT_ON_LEDGER: {
    status: 409,
    vi: 'Việc đăng ký chứng thư số chưa được ghi lên sổ cái; vui lòng phê duyệt lại sau ít phút.',
    en: 'The certificate’s registration is not on the ledger yet; approve it again in a few minutes.',
  },
  CERTIFICATE_UNREADABLE: {
    status: 422,
    vi: 'Không đọc được chứng thư số: cần đúng một chứng thư dạng PEM hoặc DER (base64), kèm các chứng thư trung gian nếu có.',
    en: 'The certificate cannot be read: give exactly one certificate as PEM or DER (base64), with its intermediates if any.',
  },
  STUDENT_NOT_FOUND: { status: 404, vi: 'Không tìm thấy học sinh này.', en: 'No such student.' },
  NOT_IN_CUSTODY: {
    status: 422,
    vi: 'Trường không đang lưu giữ học bạ của học sinh này.',
    en: 'The school does not hold this student’s records.',
  },
  TRANSFER_NOT_FOUND: {
    status: 404,
    vi: 'Không tìm thấy hồ sơ chuyển trường này.',
    en: 'No such transfer.',
  },
  TRANSFER_WRONG_STATE: {
    status: 409,
    vi: 'Hồ sơ chuyển trường không còn chờ xử lý.',
    en: 'The transfer is no longer waiting for a decision.',
  },
  TRANSFER_SAME_SCHOOL: {
    status: 422,
    vi: 'Trường chuyển đến phải khác trường chuyển đi.',
    en: 'The receiving school must differ from the sending school.',
  },
  REPORT_NOT_FOUND: { status: 404, vi: 'Không tìm thấy báo cáo năm này.', en: 'No such yearly report.' },
  REPORT_PENDING: {
    status: 409,
    vi: 'Báo cáo trước của năm học đang chờ sổ cái xác nhận.',
    en: 'The previous report of the school year is still waiting for the ledger.',
  },
  REPORT_EMPTY: {
    status: 422,
    vi: 'Năm học chưa có lô học bạ nào được neo để báo cáo.',
    en: 'No batch of the school year is anchored yet: there is nothing to report.',
  },
  REPORT_UNCHANGED: {
    status: 409,
    vi: 'Không có lô mới nào kể từ báo cáo trước; báo cáo bổ sung phải có thêm lô.',
    en: 'No batch was anchored since the last report; a supplementary report must add batches.',
  },
  REPORT_NOT_ON_LEDGER: {
    status: 409,
    vi: 'Báo cáo chưa được ghi lên sổ cái nên chưa thể xác nhận.',
    en: 'The report is not on the ledger yet, so it cannot be acknowledged.',
  },
  LOGIN_TAKEN: {
    status: 409,
    vi: 'Tên đăng nhập đã được dùng (không phân biệt chữ hoa, chữ thường); hãy chọn tên khác.',
    en: 'The login is already taken (case does not matter); choose another one.',
  },
  USER_NOT_FOUND: { status: 404, vi: 'Không tìm thấy tài khoản này.', en: 'No such account.' },
  ROLE_NOT_GRANTABLE: {
    status: 403,
    vi: 'Bạn không được cấp (hoặc thu hồi) vai trò này; vai trò của Bộ, đơn vị xác minh và người học được cấp ở nơi khác.',
    en: 'You may not grant (or revoke) this role; ministry, verifier and holder roles are provisioned elsewhere.',
  },
  SELF_GRANT: {
    status: 403,
    vi: 'Không được tự cấp vai trò cho chính mình.',
    en: 'No one may grant a role to themselves.',
  },
  SELF_DISABLE: {
    status: 403,
    vi: 'Không được tự khóa tài khoản của chính mình; hãy nhờ một quản trị viên khác.',
    en: 'No one may disable their own account; ask another administrator.',
  },
  GRANT_EXISTS: {
    status: 409,
    vi: 'Tài khoản đã được giao vai trò này trong phạm vi này.',
    en: 'The account already holds this role in this scope.',
  },
  GRANT_NOT_FOUND: {
    status: 404,
    vi: 'Không tìm thấy vai trò được giao này của tài khoản.',
    en: 'The account has no such grant.',
  },
  DISTRICT_NOT_FOUND: { status: 404, vi: 'Không tìm thấy quận/huyện này.', en: 'No such district.' },
  PROVINCE_NOT_FOUND: { status: 404, vi: 'Không tìm thấy tỉnh/thành phố này.', en: 'No such province.' },
  CALENDAR_INVALID: {
    status: 400,
    vi: 'Lịch năm học không hợp lệ: các mốc phải nằm trong năm học và theo đúng thứ tự (chốt dữ liệu, Phòng tiếp nhận, Sở báo cáo, báo cáo bổ sung); xem lỗi ở từng mốc.',
    en: 'The calendar is not valid: each window must fall within the school year and in order (locking, district acceptance, report, supplementary); see the problems by field.',
  },
  DISTRICT_EXISTS: {
    status: 409,
    vi: 'Đã có đơn vị cấp huyện/xã với mã này.',
    en: 'A district with this id exists already.',
  },
  SCHOOL_EXISTS: { status: 409, vi: 'Đã có trường với mã này.', en: 'A school with this id exists already.' },
  SCHOOL_SAME_DISTRICT: {
    status: 409,
    vi: 'Trường đã thuộc đơn vị này; hãy chọn đơn vị khác để chuyển.',
    en: 'The school is in this district already; choose another one to move it to.',
  },
  TRUST_ANCHOR_INVALID: {
    status: 422,
    vi: 'Không dùng được làm chứng thư gốc: cần đúng một chứng thư PEM của tổ chức chứng thực gốc (tự ký), còn hiệu lực.',
    en: 'This cannot be a trust anchor: give exactly one PEM certificate of a root CA (self-issued), valid now.',
  },
  TRUST_ANCHOR_EXISTS: {
    status: 409,
    vi: 'Chứng thư gốc này đã được đăng ký và đang có hiệu lực.',
    en: 'This trust anchor is registered and active already.',
  },
  TRUST_ANCHOR_NOT_FOUND: {
    status: 404,
    vi: 'Sổ cái không có chứng thư gốc này.',
    en: 'The ledger holds no such trust anchor.',
  },
  TRUST_ANCHOR_WRONG_STATE: {
    status: 409,
    vi: 'Chứng thư gốc này đã bị thu hồi trước đó.',
    en: 'This trust anchor is retired already.',
  },
  ENROLMENT_EXISTS: {
    status: 409,
    vi: 'Học sinh đã có trong danh sách lớp này.',
    en: 'The pupil is already on this class list.',
  },
  ENROLLED_ELSEWHERE: {
    status: 409,
    vi: 'Học sinh đã thuộc một lớp khác trong năm học này; mỗi năm học một học sinh chỉ thuộc một lớp.',
    en: 'The pupil is already in another class this school year; a pupil is in one class a year.',
  },
  PUPIL_IDENTITY_MISMATCH: {
    status: 409,
    vi: 'Mã định danh này đã thuộc một học sinh có ngày sinh khác; hãy kiểm tra lại mã định danh và ngày sinh.',
    en: 'This personal id number belongs to a pupil with another date of birth; check the number and the date.',
  },
  PUPIL_AMBIGUOUS: {
    status: 409,
    vi: 'Có nhiều học sinh khớp với thông tin đã nhập; hãy dùng mã định danh và ngày sinh.',
    en: 'Several pupils match what was given; use the personal id number and the date of birth.',
  },
  IMPORT_NOT_FOUND: { status: 404, vi: 'Không tìm thấy lần nhập dữ liệu này.', en: 'No such import.' },
  IMPORT_WRONG_STATE: {
    status: 409,
    vi: 'Lần nhập này không ở trạng thái cho phép thao tác (đang xử lý, đã ghi hoặc đã lỗi).',
    en: 'This import is not in a state that allows this (still running, already committed, or failed).',
  },
  IMPORT_HAS_PROBLEMS: {
    status: 422,
    vi: 'Tệp còn lỗi ở một số dòng; hãy sửa tệp theo danh sách lỗi rồi tải lên lại, chưa có gì được ghi.',
    en: 'Some rows of the file have problems; fix the file as listed and upload it again, nothing was written.',
  },
  IMPORT_FILE_INVALID: {
    status: 400,
    vi: 'Tệp tải lên không đọc được như một tệp Excel (.xlsx); hãy lưu lại tệp dưới dạng .xlsx.',
    en: 'The uploaded file cannot be read as an Excel workbook (.xlsx); save it again as .xlsx.',
  },
  IMPORT_FILE_TOO_LARGE: {
    status: 413,
    vi: 'Tệp .xlsx khi giải nén quá lớn hoặc có quá nhiều thành phần so với một bảng tính của trường; hãy chia tệp thành nhiều tệp nhỏ hơn (ví dụ mỗi lớp một tệp) rồi tải lên lại.',
    en: 'The .xlsx file expands to too much data, or holds too many parts, for a school’s worksheet; split it into smaller files (one per class, say) and upload them again.',
  },
};

/** The ApiError for a ServiceError: its code, its status and message from the table above. */
export function fromServiceCode(
  code: ServiceErrorCode,
  o: { problems?: Problem[]; cause?: unknown } = {},
): ApiError {
  const known = SERVICE[code];
  return new ApiError(code, { status: known.status, message: { vi: known.vi, en: known.en }, ...o });
}

/** The ApiError for a LedgerError code, through the table above. */
export function fromLedgerCode(code: string, cause?: unknown): ApiError {
  const status = ledgerStatus(code);
  if (status >= 500) return new ApiError('LEDGER_ERROR', { cause });
  // A status below 500 means the code is in LEDGER_STATUS or has one of its prefixes.
  return new ApiError(code as LedgerCode, { status, message: LEDGER_MESSAGES[status]!, cause });
}

export function errorBody(e: ApiError): ErrorBody {
  return {
    error: { code: e.code, message: e.localized, ...(e.problems && { problems: e.problems }) },
  };
}
