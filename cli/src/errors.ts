/**
 * Why a file (or the command itself) could not be checked at all: a usage or input error, exit code 3. Each
 * has a stable code, which the tests and `--json` readers match on, and one message, Vietnamese first.
 */
import type { Localized } from '@hocba/integrity';

const MESSAGES = {
  USAGE: {
    vi: 'Cách dùng không đúng; xem `hocba --help`.',
    en: 'Wrong usage; see `hocba --help`.',
  },
  FILE_NOT_FOUND: {
    vi: 'Không tìm thấy tệp hoặc thư mục này.',
    en: 'No such file or folder.',
  },
  FILE_UNREADABLE: {
    vi: 'Không đọc được tệp.',
    en: 'The file cannot be read.',
  },
  NOT_A_BUNDLE: {
    vi: 'Tệp không phải gói minh chứng học bạ (JSON hocba.bundle/v1).',
    en: 'The file is not a học bạ proof bundle (JSON, hocba.bundle/v1).',
  },
  NOT_A_PDF: {
    vi: 'Tệp không đọc được dưới dạng PDF.',
    en: 'The file cannot be read as a PDF.',
  },
  PDF_NO_BUNDLE: {
    vi: 'Tệp PDF không đính kèm gói minh chứng (hocba-bundle.json); không thể xác minh bản in này.',
    en: 'The PDF has no proof bundle attached (hocba-bundle.json); this printout cannot be verified.',
  },
  UNSUPPORTED_FILE: {
    vi: 'Chỉ kiểm tra được tệp .pdf hoặc .json.',
    en: 'Only .pdf and .json files can be checked.',
  },
  FOLDER_EMPTY: {
    vi: 'Thư mục không có tệp .pdf hay .json nào.',
    en: 'The folder has no .pdf or .json file.',
  },
  TRUST_ANCHORS_INVALID: {
    vi: 'Tệp chứng thư gốc tin cậy không chứa chứng thư PEM hợp lệ nào.',
    en: 'The trust anchors file holds no valid PEM certificate.',
  },
  GATEWAY_UNREACHABLE: {
    vi: 'Không kết nối được máy chủ hocba (hoặc máy chủ không trả lời); hãy kiểm tra địa chỉ và mạng.',
    en: 'The hocba gateway cannot be reached (or does not answer); check the address and the network.',
  },
  GATEWAY_ANSWER_INVALID: {
    vi: 'Máy chủ trả lời không đúng định dạng dữ kiện sổ cái.',
    en: 'The gateway’s answer is not ledger facts.',
  },
  INTERNAL: {
    vi: 'Lỗi không mong đợi khi kiểm tra tệp này.',
    en: 'An unexpected error while checking this file.',
  },
  CSV_UNWRITABLE: {
    vi: 'Không ghi được tệp CSV.',
    en: 'The CSV file cannot be written.',
  },
} as const satisfies Record<string, Localized>;

export type CliErrorCode = keyof typeof MESSAGES;

export class CliError extends Error {
  override readonly name = 'CliError';
  readonly localized: Localized;
  constructor(
    readonly code: CliErrorCode,
    /** What the message leaves out: a path, an address, a status, the first problem. */
    readonly detail?: string,
    options?: { cause?: unknown },
  ) {
    super(`${code}: ${MESSAGES[code].en}${detail ? ` (${detail})` : ''}`, options);
    this.localized = MESSAGES[code];
  }
}

export const cliMessages = (): Readonly<Record<CliErrorCode, Localized>> => MESSAGES;
