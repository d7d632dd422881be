/**
 * Accounts and role grants (issue 6, point 3), each tier managing its own (`users.manage`):
 * - POST /v1/users — an account with its first grant, in the caller's remit;
 * - GET /v1/users/:userId — the account and its grants that lie in the caller's remit;
 * - GET /v1/users?schoolId= — the school's accounts with their grants there (the console's list);
 * - PUT /v1/users/:userId/active — disable an account (or enable it again), when the caller manages every
 *   grant it holds;
 * - POST /v1/users/:userId/grants, DELETE /v1/users/:userId/grants/:grantId — grant and revoke a role.
 * And the principal's assignment of deputies (`deputies.assign`, seed 001 Art. 9):
 * - GET /v1/schools/:schoolId/deputies — the deputies now and the staff the principal may choose from;
 * - POST /v1/schools/:schoolId/deputies, DELETE /v1/schools/:schoolId/deputies/:userId.
 * Passwords are taken once, hashed, and never answered or logged.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Principal } from '../../../auth/principal.ts';
import { ROLES, SCOPE_COLUMNS } from '../../../auth/principal.ts';
import { ApiError } from '../../../http-errors.ts';
import {
  accountInRemit,
  assignDeputy,
  createAccount,
  type GrantInput,
  grantRole,
  removeDeputy,
  revokeGrant,
} from '../../../services/accounts-admin.ts';
import { deputyChoice, listSchoolAccounts, setAccountActive } from '../../../services/school-accounts.ts';
import { errorResponses } from '../../schemas.ts';
import { Id, Uuid } from '../status/shared.ts';

export interface UserRoutesOptions {
  clock: () => Date;
}

const Subject = Type.String({ pattern: '^[A-Z][A-Z0-9_]{0,31}$', examples: ['TOAN'] });
const Reason = Type.String({ minLength: 1, maxLength: 500, description: 'Lý do / why' });
const ScopeFields = {
  provinceId: Type.Optional(Id),
  districtId: Type.Optional(Id),
  schoolId: Type.Optional(Id),
  classId: Type.Optional(Id),
  subject: Type.Optional(Subject),
  studentId: Type.Optional(Uuid),
};
const GrantBody = Type.Object(
  {
    role: Type.String({ enum: [...ROLES], description: 'Vai trò / role' }),
    ...ScopeFields,
  },
  {
    additionalProperties: false,
    description:
      'Vai trò và phạm vi (đúng các trường vai trò đó nhận) / the role and exactly its scope columns',
  },
);
const GrantView = Type.Object({
  id: Type.String(),
  role: Type.String(),
  scope: Type.Object(Object.fromEntries(SCOPE_COLUMNS.map((c) => [c, Type.Optional(Type.String())]))),
  grantedBy: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String(),
});
const UserParams = Type.Object({ userId: Uuid });
const AccountView = Type.Object({
  id: Type.String(),
  login: Type.String(),
  displayName: Type.String(),
  active: Type.Boolean(),
  grants: Type.Array(GrantView),
});
const tags = ['accounts'];

function caller(user: Principal | null): Principal {
  if (!user) throw new ApiError('UNAUTHENTICATED');
  return user;
}

const users: FastifyPluginAsyncTypebox<UserRoutesOptions> = async (fastify, o) => {
  const { db } = fastify;

  fastify.post(
    '/users',
    {
      bodyLimit: 16 * 1024,
      config: { permission: 'users.manage' },
      schema: {
        tags,
        summary: 'Tạo tài khoản cùng vai trò đầu tiên / Create an account with its first grant',
        body: Type.Object(
          {
            login: Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9._@-]{2,63}$' }),
            displayName: Type.String({ minLength: 1, maxLength: 200 }),
            password: Type.String({ minLength: 12, maxLength: 1024, description: 'Ít nhất 12 ký tự / 12+' }),
            grant: GrantBody,
            reason: Type.Optional(Reason),
          },
          { additionalProperties: false },
        ),
        response: {
          201: Type.Object({ id: Type.String(), login: Type.String(), grantId: Type.String() }),
          ...errorResponses,
        },
      },
    },
    async (request, reply) => {
      const b = request.body;
      const created = await createAccount(db, {
        login: b.login,
        displayName: b.displayName,
        password: b.password,
        grant: b.grant as GrantInput,
        reason: b.reason,
        by: caller(request.user),
        now: o.clock(),
      });
      request.log.info({ userId: created.id, grantId: created.grantId }, 'account created');
      return reply.code(201).send(created);
    },
  );

  fastify.get(
    '/users/:userId',
    {
      config: { permission: 'users.manage' },
      schema: {
        tags,
        summary: 'Tài khoản và các vai trò trong phạm vi của bạn / An account and its grants in your remit',
        params: UserParams,
        response: { 200: AccountView, ...errorResponses },
      },
    },
    async (request) => accountInRemit(db, request.params.userId, caller(request.user)),
  );

  fastify.get(
    '/users',
    {
      config: { permission: 'users.manage' },
      schema: {
        tags,
        summary: 'Các tài khoản của trường và vai trò ở trường / A school’s accounts and their grants there',
        querystring: Type.Object({ schoolId: Id }, { additionalProperties: false }),
        response: { 200: Type.Object({ items: Type.Array(AccountView) }), ...errorResponses },
      },
    },
    async (request) => ({
      items: await listSchoolAccounts(db, request.query.schoolId, caller(request.user)),
    }),
  );

  fastify.put(
    '/users/:userId/active',
    {
      bodyLimit: 16 * 1024,
      config: { permission: 'users.manage' },
      schema: {
        tags,
        summary: 'Khóa hoặc mở lại tài khoản / Disable or enable an account',
        description:
          'Chỉ khi người gọi quản lý mọi vai trò của tài khoản. / Only when the caller manages every grant the account holds.',
        params: UserParams,
        body: Type.Object(
          { active: Type.Boolean(), reason: Type.Optional(Reason) },
          { additionalProperties: false },
        ),
        response: { 200: AccountView, ...errorResponses },
      },
    },
    async (request) => {
      const account = await setAccountActive(db, {
        userId: request.params.userId,
        active: request.body.active,
        by: caller(request.user),
        reason: request.body.reason,
        now: o.clock(),
      });
      request.log.info({ userId: account.id, active: account.active }, 'account active set');
      return account;
    },
  );

  fastify.post(
    '/users/:userId/grants',
    {
      bodyLimit: 16 * 1024,
      config: { permission: 'users.manage' },
      schema: {
        tags,
        summary: 'Giao vai trò / Grant a role',
        params: UserParams,
        body: Type.Object(
          { role: GrantBody.properties.role, ...ScopeFields, reason: Type.Optional(Reason) },
          { additionalProperties: false },
        ),
        response: { 201: GrantView, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { reason, ...grant } = request.body;
      const row = await grantRole(db, {
        userId: request.params.userId,
        grant: grant as GrantInput,
        by: caller(request.user),
        reason,
        now: o.clock(),
      });
      return reply.code(201).send(row);
    },
  );

  fastify.delete(
    '/users/:userId/grants/:grantId',
    {
      config: { permission: 'users.manage' },
      schema: {
        tags,
        summary: 'Thu hồi vai trò / Revoke a grant',
        params: Type.Object({ userId: Uuid, grantId: Uuid }),
        querystring: Type.Object({ reason: Type.Optional(Reason) }, { additionalProperties: false }),
        response: { 204: Type.Null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      await revokeGrant(db, {
        ...request.params,
        by: caller(request.user),
        reason: request.query.reason,
        now: o.clock(),
      });
      return reply.code(204).send(null);
    },
  );

  const SchoolParams = Type.Object({ schoolId: Id });
  const Person = { userId: Type.String(), login: Type.String(), displayName: Type.String() };

  fastify.get(
    '/schools/:schoolId/deputies',
    {
      config: { permission: 'deputies.assign' },
      schema: {
        tags,
        summary:
          'Phó hiệu trưởng được phân công và cán bộ có thể chọn / The deputies and the staff to choose from',
        params: SchoolParams,
        response: {
          200: Type.Object({
            deputies: Type.Array(
              Type.Object({ ...Person, grantId: Type.String(), since: Type.String({ format: 'date-time' }) }),
            ),
            staff: Type.Array(Type.Object({ ...Person, roles: Type.Array(Type.String()) })),
          }),
          ...errorResponses,
        },
      },
    },
    async (request) => deputyChoice(db, request.params.schoolId, caller(request.user)),
  );

  fastify.post(
    '/schools/:schoolId/deputies',
    {
      config: { permission: 'deputies.assign' },
      schema: {
        tags,
        summary: 'Hiệu trưởng phân công phó hiệu trưởng / The principal assigns a deputy',
        params: SchoolParams,
        body: Type.Object({ userId: Uuid, reason: Type.Optional(Reason) }, { additionalProperties: false }),
        response: { 201: GrantView, ...errorResponses },
      },
    },
    async (request, reply) => {
      const row = await assignDeputy(db, {
        schoolId: request.params.schoolId,
        userId: request.body.userId,
        by: caller(request.user),
        reason: request.body.reason,
        now: o.clock(),
      });
      return reply.code(201).send(row);
    },
  );

  fastify.delete(
    '/schools/:schoolId/deputies/:userId',
    {
      config: { permission: 'deputies.assign' },
      schema: {
        tags,
        summary: 'Hiệu trưởng thôi phân công phó hiệu trưởng / The principal removes a deputy',
        params: Type.Object({ schoolId: Id, userId: Uuid }),
        querystring: Type.Object({ reason: Type.Optional(Reason) }, { additionalProperties: false }),
        response: { 204: Type.Null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      await removeDeputy(db, {
        ...request.params,
        by: caller(request.user),
        reason: request.query.reason,
        now: o.clock(),
      });
      return reply.code(204).send(null);
    },
  );
};

export default users;
