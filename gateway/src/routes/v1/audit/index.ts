/**
 * GET /v1/audit — the audit log (lưu vết), a page at a time (`audit.read`): oldest first by default (an
 * export), newest first with `order=desc` (what an auditor reads), filtered by actor, school, action or its
 * group and a range of days in Vietnam's time; each entry's action, school and class in words (issue 14).
 * GET /v1/audit/choices — what those filters offer the caller: its schools and the accounts that acted.
 * Scope-filtered by
 * the school each entry names (details.schoolId): a principal sees their school's entries, a district
 * officer those of the district's schools, a province officer those of the province's schools and the
 * entries that name no school (reports, the system's), the Ministry's auditor everything. Entries hold no
 * personal data (db/src/audit.ts refuses it), so what is shown is what was logged, with each actor named by
 * display name and role (issue 12 point 7) from the accounts, not only by id.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { toHex } from '@hocba/integrity';
import { Type } from 'typebox';
import { relationFor } from '../../../auth/policy.ts';
import type { Principal } from '../../../auth/principal.ts';
import { ApiError } from '../../../http-errors.ts';
import {
  AUDIT_ACTIONS,
  AUDIT_GROUP_WORDS,
  AUDIT_GROUPS,
  actionGroup,
  actionWords,
} from '../../../services/audit-actions.ts';
import {
  type AuditScope,
  auditChoices,
  readAuditLog,
  vietnamDayEnd,
  vietnamDayStart,
} from '../../../services/audit-read.ts';
import { errorResponses, Localized } from '../../schemas.ts';

const DAY = '^[0-9]{4}-[0-9]{2}-[0-9]{2}$';

/** YYYY-MM-DD naming a real day (not 2026-02-30). */
function realDay(iso: string): boolean {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  const t = new Date(Date.UTC(y, m - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d;
}

/** The range's problems: each day real, the first not after the last. */
function rangeProblems(from: string | undefined, to: string | undefined) {
  const problems = (
    [
      ['from', from],
      ['to', to],
    ] as const
  )
    .filter(([, v]) => v !== undefined && !realDay(v))
    .map(([k]) => ({ in: 'querystring', path: `/${k}`, message: 'not a day of the calendar' }));
  if (problems.length === 0 && from !== undefined && to !== undefined && from > to)
    problems.push({ in: 'querystring', path: '/to', message: 'the last day is before the first' });
  return problems;
}

const audit: FastifyPluginAsyncTypebox = async (fastify) => {
  const { db } = fastify;

  /** The entries this caller may read, by the policy's relation for its role and its grants. */
  function scopeOf(user: Principal): AuditScope {
    const relation = relationFor('audit.read', user.role);
    const values = (k: 'schoolId' | 'districtId' | 'provinceId') =>
      user.scope.map((g) => g[k]).filter((v): v is string => typeof v === 'string' && v !== '');
    switch (relation) {
      case 'any':
        return { kind: 'all' };
      case 'school':
        return { kind: 'schools', schoolIds: values('schoolId') };
      case 'district':
        return { kind: 'district', ids: values('districtId') };
      case 'province':
        return { kind: 'province', ids: values('provinceId') };
      default:
        throw new ApiError('FORBIDDEN');
    }
  }

  fastify.get(
    '/',
    {
      config: { permission: 'audit.read' },
      schema: {
        tags: ['audit'],
        summary: 'Nhật ký lưu vết / The audit log',
        querystring: Type.Object(
          {
            // Bounded: a bigint column, and a number JavaScript holds exactly.
            afterSeq: Type.Optional(Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER })),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
            entityType: Type.Optional(Type.String({ pattern: '^[a-zA-Z]{1,40}$' })),
            entityId: Type.Optional(Type.String({ maxLength: 100 })),
            action: Type.Optional(Type.String({ pattern: '^[a-zA-Z.]{1,80}$' })),
            order: Type.Optional(
              Type.Union([Type.Literal('asc'), Type.Literal('desc')], {
                description:
                  'asc: cũ trước (afterSeq) / oldest first; desc: mới trước (beforeSeq) / newest first',
              }),
            ),
            beforeSeq: Type.Optional(Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER })),
            group: Type.Optional(
              Type.Union(
                AUDIT_GROUPS.map((g) => Type.Literal(g)),
                { description: 'Nhóm thao tác / the action’s group' },
              ),
            ),
            schoolId: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9_.-]{1,64}$' })),
            actorUserId: Type.Optional(Type.String({ format: 'uuid' })),
            actor: Type.Optional(
              Type.String({
                pattern: '^[A-Za-z0-9_.@-]{1,100}$',
                description: 'Tên đăng nhập người thực hiện / the actor’s login',
              }),
            ),
            from: Type.Optional(
              Type.String({ pattern: DAY, description: 'Từ ngày (giờ Việt Nam) / first day (Vietnam time)' }),
            ),
            to: Type.Optional(
              Type.String({ pattern: DAY, description: 'Đến hết ngày (giờ Việt Nam) / last day, included' }),
            ),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            items: Type.Array(
              Type.Object({
                seq: Type.Integer(),
                at: Type.String(),
                actorUserId: Type.Union([Type.String(), Type.Null()]),
                actorRole: Type.Union([Type.String(), Type.Null()]),
                actor: Type.Union(
                  [
                    Type.Object({
                      userId: Type.Union([Type.String(), Type.Null()]),
                      clientId: Type.Union([Type.String(), Type.Null()]),
                      displayName: Type.Union([Type.String(), Type.Null()]),
                      role: Type.Union([Type.String(), Type.Null()]),
                    }),
                    Type.Null(),
                  ],
                  {
                    description:
                      'Người thực hiện: tên hiển thị và vai trò (null: hệ thống) / who acted: display name and role (null: the system)',
                  },
                ),
                action: Type.String(),
                actionText: Type.Object(
                  { vi: Type.String(), en: Type.String() },
                  { description: 'Thao tác bằng lời / the action in words' },
                ),
                group: Type.Union(AUDIT_GROUPS.map((g) => Type.Literal(g))),
                school: Type.Union([Type.Object({ id: Type.String(), name: Type.String() }), Type.Null()]),
                className: Type.Union([Type.String(), Type.Null()], { description: 'Lớp / the class' }),
                entityType: Type.String(),
                entityId: Type.Union([Type.String(), Type.Null()]),
                reason: Type.Union([Type.String(), Type.Null()]),
                details: Type.Record(Type.String(), Type.Unknown()),
                hash: Type.String({ description: 'SHA-256 của chuỗi băm / the entry’s chain hash (hex)' }),
              }),
            ),
            nextAfterSeq: Type.Union([Type.Integer(), Type.Null()]),
            nextBeforeSeq: Type.Union([Type.Integer(), Type.Null()]),
          }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const { from, to, actor, ...q } = request.query;
      const problems = rangeProblems(from, to);
      if (problems.length) throw new ApiError('VALIDATION', { problems });
      const limit = q.limit ?? 100;
      const rows = await readAuditLog(db, {
        ...q,
        actorLogin: actor,
        since: from === undefined ? undefined : vietnamDayStart(from),
        until: to === undefined ? undefined : vietnamDayEnd(to),
        limit,
        scope: scopeOf(request.user!),
      });
      const full = rows.length === limit;
      const desc = q.order === 'desc';
      return {
        items: rows.map((r) => ({
          seq: r.seq,
          at: r.at.toISOString(),
          actorUserId: r.actorUserId,
          actorRole: r.actorRole,
          actor:
            r.actorUserId === null && r.actorClientId === null
              ? null
              : {
                  userId: r.actorUserId,
                  clientId: r.actorClientId,
                  displayName: r.actorDisplayName,
                  role: r.actorRole,
                },
          action: r.action,
          actionText: actionWords(r.action, { className: r.className }),
          group: actionGroup(r.action),
          school:
            r.schoolName === null
              ? null
              : { id: (r.details as { schoolId: string }).schoolId, name: r.schoolName },
          className: r.className,
          entityType: r.entityType,
          entityId: r.entityId,
          reason: r.reason,
          details: r.details,
          hash: toHex(r.hash),
        })),
        nextAfterSeq: full && !desc ? rows.at(-1)!.seq : null,
        nextBeforeSeq: full && desc ? rows.at(-1)!.seq : null,
      };
    },
  );

  fastify.get(
    '/choices',
    {
      config: { permission: 'audit.read' },
      schema: {
        tags: ['audit'],
        summary: 'Lựa chọn của bộ lọc nhật ký / What the audit log’s filters offer',
        response: {
          200: Type.Object({
            schools: Type.Array(
              Type.Object({ id: Type.String(), name: Type.String(), districtName: Type.String() }),
            ),
            actors: Type.Array(
              Type.Object({ userId: Type.String(), login: Type.String(), displayName: Type.String() }),
            ),
            groups: Type.Array(Type.Object({ id: Type.String(), text: Localized })),
            actions: Type.Array(
              Type.Object({ action: Type.String(), group: Type.String(), text: Localized }),
              { description: 'Các thao tác có tên / every named action' },
            ),
          }),
          ...errorResponses,
        },
      },
    },
    async (request) => ({
      ...(await auditChoices(db, scopeOf(request.user!))),
      groups: AUDIT_GROUPS.map((id) => ({ id, text: AUDIT_GROUP_WORDS[id] })),
      actions: Object.keys(AUDIT_ACTIONS).map((action) => ({
        action,
        group: actionGroup(action),
        text: actionWords(action),
      })),
    }),
  );
};

export default audit;
