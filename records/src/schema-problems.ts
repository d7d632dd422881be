/**
 * Zod's issues as record problems: one per bad field, each with its JSON Pointer, in both languages.
 * Values under the sensitive parts (the biography) are never echoed back: errors end up in logs.
 */
import type { z } from 'zod';
import { SENSITIVE_POINTERS } from './envelope.ts';
import { pointer, problem, type RecordProblem } from './errors.ts';

type Issue = z.core.$ZodIssue;

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let v: unknown = input;
  for (const key of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[key as string];
  }
  return v;
}

const isSensitive = (p: string) => SENSITIVE_POINTERS.some((s) => p === s || p.startsWith(`${s}/`));

/** Our own schema messages are written "tiếng Việt / English"; zod's defaults are English only. */
function bilingual(issue: Issue): { vi: string; en: string } {
  const parts = issue.message.split(' / ');
  if (parts.length === 2) return { vi: parts[0]!, en: parts[1]! };
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined && issue.expected !== 'undefined'
        ? { vi: 'Thiếu trường bắt buộc', en: `Required field missing (${issue.expected})` }
        : { vi: `Sai kiểu dữ liệu, cần ${issue.expected}`, en: issue.message };
    case 'invalid_value':
      return { vi: `Giá trị không được phép, cần một trong: ${issue.values.join(', ')}`, en: issue.message };
    case 'too_small':
      return { vi: `Giá trị quá nhỏ (tối thiểu ${String(issue.minimum)})`, en: issue.message };
    case 'too_big':
      return { vi: `Giá trị quá lớn (tối đa ${String(issue.maximum)})`, en: issue.message };
    case 'invalid_format':
      return { vi: `Sai định dạng (${issue.format})`, en: issue.message };
    case 'invalid_union':
      return { vi: 'Không khớp dạng dữ liệu nào được phép', en: issue.message };
    default:
      return { vi: 'Giá trị không hợp lệ', en: issue.message };
  }
}

function expectedOf(issue: Issue): unknown {
  switch (issue.code) {
    case 'invalid_type':
      return issue.expected;
    case 'invalid_value':
      return issue.values;
    case 'too_small':
      return { minimum: issue.minimum };
    case 'too_big':
      return { maximum: issue.maximum };
    case 'invalid_format':
      return issue.format;
    default:
      return undefined;
  }
}

export function schemaProblems(error: z.ZodError, input: unknown): RecordProblem[] {
  const problems: RecordProblem[] = [];
  for (const issue of error.issues) {
    const segments = issue.path.map((k) => (typeof k === 'symbol' ? String(k) : k));
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        problems.push(
          problem(
            'RECORD_SCHEMA',
            'schema',
            pointer(...segments, key),
            {},
            `Trường "${key}" không có trong học bạ`,
            `Unknown field "${key}"`,
          ),
        );
      }
      continue;
    }
    const path = pointer(...segments);
    const entered = isSensitive(path) ? undefined : valueAt(input, issue.path);
    const expected = expectedOf(issue);
    const { vi, en } = bilingual(issue);
    problems.push(
      problem(
        'RECORD_SCHEMA',
        'schema',
        path,
        {
          ...(expected === undefined ? {} : { expected }),
          ...(entered === undefined ? {} : { entered }),
        },
        `${vi} (${path || 'học bạ'})`,
        `${en} (${path || 'record'})`,
      ),
    );
  }
  return problems;
}
