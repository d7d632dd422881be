/**
 * PROVISIONAL until records' layout model lands (records/src/layout/): from the disclosed record to the
 * printable blocks and the content fingerprint. Replaced by the layout model's own, so that the PDF, the
 * portal and the CLI show and fingerprint the same thing.
 */
import { createHash } from 'node:crypto';
import { canonicalize, type JsonValue } from '@hocba/integrity';
import type { Bilingual, Block } from './model.ts';

export interface DocumentContext {
  schoolName?: string | undefined;
  className?: string | undefined;
}

export interface Composed {
  level: Bilingual;
  blocks: Block[];
  fingerprint: string;
}

const LEVELS: Record<string, Bilingual> = {
  TH: { vi: 'Tiểu học', en: 'Primary education' },
  THCS: { vi: 'Trung học cơ sở', en: 'Lower secondary education' },
  THPT: { vi: 'Trung học phổ thông', en: 'Upper secondary education' },
  GDTX: { vi: 'Giáo dục thường xuyên cấp THPT', en: 'Continuing education, upper secondary' },
};

type Obj = Record<string, JsonValue>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

function flat(value: JsonValue, at: string, out: [string, string][]): void {
  if (isObj(value)) for (const [k, v] of Object.entries(value)) flat(v, `${at}/${k}`, out);
  else if (Array.isArray(value)) for (const [i, v] of value.entries()) flat(v, `${at}/${i}`, out);
  else out.push([at, String(value)]);
}

export function composeDocument(record: Obj, context: DocumentContext): Composed {
  const bio = isObj(record.biography) ? record.biography : {};
  const identity: { label: Bilingual; value: string }[] = [];
  if (typeof bio.fullName === 'string')
    identity.push({ label: { vi: 'Họ và tên', en: 'Full name' }, value: bio.fullName });
  if (context.schoolName) identity.push({ label: { vi: 'Trường', en: 'School' }, value: context.schoolName });
  if (context.className) identity.push({ label: { vi: 'Lớp', en: 'Class' }, value: context.className });
  if (typeof record.schoolYear === 'string')
    identity.push({ label: { vi: 'Năm học', en: 'School year' }, value: record.schoolYear });
  const rest: [string, string][] = [];
  flat(record.results ?? {}, '/results', rest);
  const blocks: Block[] = [
    { kind: 'heading', text: { vi: 'Thông tin chung', en: 'General' } },
    { kind: 'fields', rows: identity },
    { kind: 'heading', text: { vi: 'Kết quả', en: 'Results' } },
    {
      kind: 'table',
      columns: [
        { header: { vi: 'Mục', en: 'Item' }, weight: 2 },
        { header: { vi: 'Nội dung', en: 'Value' }, weight: 3 },
      ],
      rows: rest,
    },
  ];
  const digest = createHash('sha256')
    .update(canonicalize(blocks as unknown as JsonValue))
    .digest('hex');
  const fingerprint = digest.slice(0, 16).toUpperCase().match(/.{4}/g)!.join('-');
  return { level: LEVELS[String(record.level)] ?? { vi: 'Học bạ' }, blocks, fingerprint };
}
