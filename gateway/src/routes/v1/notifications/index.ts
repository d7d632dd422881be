/**
 * The caller's own notifications (issue 14 point 3; seed 000 Điều 11.1): the list newest first a page at a
 * time (`?unread=true` for the unread ones), the unread count for the console's badge, read marks — one,
 * or all — and the address the caller's own notifications are mailed to, which each person sets for
 * themselves. `notifications.own`: every staff role; each route reads and writes only rows of the
 * caller's account, so another account's notification is simply not found.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { NOTIFICATION_KINDS } from '@hocba/db';
import { Type } from 'typebox';
import { ApiError } from '../../../http-errors.ts';
import {
  decodeCursor,
  listOwn,
  markAllRead,
  markRead,
  type NotificationRow,
  ownEmail,
  setOwnEmail,
  unreadCount,
} from '../../../services/notifications-store.ts';
import { errorResponses, Localized } from '../../schemas.ts';

export interface RoutesOptions {
  clock: () => Date;
}

const tags = ['notifications'];
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

const Notification = Type.Object({
  id: Type.String({ format: 'uuid' }),
  kind: Type.Union(NOTIFICATION_KINDS.map((k) => Type.Literal(k))),
  title: Localized,
  link: Type.String({ description: 'Địa chỉ trong trang quản lý / the console address (#/…)' }),
  createdAt: Type.String({ format: 'date-time' }),
  dueAt: Nullable(Type.String({ format: 'date-time' })),
  read: Type.Boolean(),
  readAt: Nullable(Type.String({ format: 'date-time' })),
});

const Params = Type.Object({
  id: Type.String({
    pattern: '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$',
  }),
});

const Email = Type.Object({
  email: Nullable(
    Type.String({
      format: 'email',
      maxLength: 254,
      description:
        'Địa chỉ nhận thông báo (null: không nhận qua e-mail) / where notifications are mailed (null: none)',
    }),
  ),
});

const view = (n: NotificationRow) => ({
  id: n.id,
  kind: n.kind,
  title: { vi: n.titleVi, en: n.titleEn },
  link: n.link,
  createdAt: n.createdAt.toISOString(),
  dueAt: n.dueAt?.toISOString() ?? null,
  read: n.readAt !== null,
  readAt: n.readAt?.toISOString() ?? null,
});

const routes: FastifyPluginAsyncTypebox<RoutesOptions> = async (fastify, o) => {
  const { db } = fastify;

  fastify.get(
    '/notifications',
    {
      config: { permission: 'notifications.own' },
      schema: {
        tags,
        summary: 'Thông báo của tôi, mới nhất trước / My notifications, newest first',
        querystring: Type.Object(
          {
            unread: Type.Optional(Type.Boolean({ description: 'true: chỉ chưa đọc / unread only' })),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
            cursor: Type.Optional(Type.String({ maxLength: 200 })),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({ items: Type.Array(Notification), nextCursor: Nullable(Type.String()) }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const q = request.query;
      const after = q.cursor === undefined ? undefined : decodeCursor(q.cursor);
      if (q.cursor !== undefined && !after) throw new ApiError('CURSOR_INVALID');
      const page = await listOwn(db, request.user!.sub, {
        ...(q.unread !== undefined && { unread: q.unread }),
        limit: q.limit ?? 20,
        ...(after && { after }),
      });
      return { items: page.items.map(view), nextCursor: page.next };
    },
  );

  fastify.get(
    '/notifications/count',
    {
      config: { permission: 'notifications.own' },
      schema: {
        tags,
        summary: 'Số thông báo chưa đọc / How many notifications are unread',
        response: { 200: Type.Object({ unread: Type.Integer({ minimum: 0 }) }), ...errorResponses },
      },
    },
    async (request) => ({ unread: await unreadCount(db, request.user!.sub) }),
  );

  fastify.post(
    '/notifications/:id/read',
    {
      config: { permission: 'notifications.own' },
      schema: {
        tags,
        summary: 'Đánh dấu đã đọc / Mark as read',
        params: Params,
        response: { 200: Type.Object({ read: Type.Literal(true) }), ...errorResponses },
      },
    },
    async (request) => {
      if (!(await markRead(db, request.user!.sub, request.params.id.toLowerCase(), o.clock())))
        throw new ApiError('NOTIFICATION_NOT_FOUND');
      return { read: true as const };
    },
  );

  fastify.post(
    '/notifications/read-all',
    {
      config: { permission: 'notifications.own' },
      schema: {
        tags,
        summary: 'Đánh dấu tất cả đã đọc / Mark all as read',
        response: { 200: Type.Object({ marked: Type.Integer({ minimum: 0 }) }), ...errorResponses },
      },
    },
    async (request) => ({ marked: await markAllRead(db, request.user!.sub, o.clock()) }),
  );

  fastify.get(
    '/notifications/email',
    {
      config: { permission: 'notifications.own' },
      schema: {
        tags,
        summary: 'Địa chỉ e-mail nhận thông báo của tôi / My address for notification mail',
        response: { 200: Email, ...errorResponses },
      },
    },
    async (request) => ({ email: await ownEmail(db, request.user!.sub) }),
  );

  fastify.put(
    '/notifications/email',
    {
      bodyLimit: 4096,
      config: { permission: 'notifications.own' },
      schema: {
        tags,
        summary: 'Đặt địa chỉ e-mail nhận thông báo của tôi / Set my address for notification mail',
        body: Type.Object(Email.properties, { additionalProperties: false }),
        response: { 200: Email, ...errorResponses },
      },
    },
    async (request) => ({ email: await setOwnEmail(db, request.user!.sub, request.body.email) }),
  );
};

export default routes;
