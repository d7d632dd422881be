/**
 * The school year against the province's calendar (issue 14; seed 000 Điều 4 khoản 3):
 * - GET /v1/calendars/:schoolYear — the calendar as the ledger holds it (calendar:getCalendar, read with the
 *   gateway's reader identity), or 404 CALENDAR_NOT_SET (`calendars.read`: any staff role);
 * - GET /v1/progress — per district and school in the caller's remit: classes locked, signed, anchored,
 *   accepted, records locked, the school's state, what is late and the days left to each deadline, judged
 *   at the route's clock (`progress.read`);
 * - GET /v1/progress/timeline — per Vietnamese day, records locked and batches signed, anchored and
 *   accepted: what the console's charts draw (`progress.read`).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { relationFor } from '../../../auth/policy.ts';
import type { Principal } from '../../../auth/principal.ts';
import { ApiError } from '../../../http-errors.ts';
import { chaincode, LedgerError } from '../../../ledger/index.ts';
import {
  DEADLINE_KEYS,
  LATE_KINDS,
  type ProgressScope,
  readProgress,
  readTimeline,
  SCHOOL_STATES,
  schoolYearOf,
} from '../../../services/progress.ts';
import { errorResponses } from '../../schemas.ts';
import { IdString, SchoolYearString } from '../records/errors.ts';

export interface RoutesOptions {
  clock: () => Date;
}

/** The schools this caller follows, by the policy's relation for its role and its grants. */
function scopeOf(user: Principal): ProgressScope {
  const values = (k: 'districtId' | 'provinceId') =>
    user.scope.map((g) => g[k]).filter((v): v is string => typeof v === 'string' && v !== '');
  switch (relationFor('progress.read', user.role)) {
    case 'any':
      return { kind: 'all' };
    case 'district':
      return { kind: 'district', ids: values('districtId') };
    case 'province':
      return { kind: 'province', ids: values('provinceId') };
    default:
      throw new ApiError('FORBIDDEN');
  }
}

const Instant = Type.String({ description: 'ISO 8601 (UTC)' });

const CalendarView = Type.Object({
  schoolYear: Type.String(),
  lockFrom: Instant,
  lockUntil: Instant,
  acceptanceDeadline: Instant,
  reportDeadline: Instant,
  supplementaryDeadline: Instant,
  replacementFrom: Instant,
  replacementUntil: Instant,
  setAt: Instant,
});

const Counts = Type.Object({
  classes: Type.Integer({ description: 'Số lớp / classes of the year' }),
  classesLocked: Type.Integer(),
  classesSigned: Type.Integer(),
  classesAnchored: Type.Integer(),
  classesAccepted: Type.Integer(),
  records: Type.Integer({
    description: 'Số học sinh của các lớp / enrolments (the records there should be)',
  }),
  recordsLocked: Type.Integer(),
});

const Deadline = Type.Object({
  key: Type.String({ enum: [...DEADLINE_KEYS] }),
  at: Instant,
  daysLeft: Type.Integer({
    description: 'Số ngày còn lại (giờ Việt Nam); âm: đã qua / days left, negative: past',
  }),
});

const LateKind = Type.String({
  enum: [...LATE_KINDS],
  description:
    'lock: chưa khóa sau hạn chốt; signature: chưa ký/neo sau hạn chốt; acceptance: chưa tiếp nhận sau hạn',
});

const SchoolItem = Type.Object({
  schoolId: Type.String(),
  name: Type.String(),
  code: Type.String(),
  districtId: Type.String(),
  counts: Counts,
  state: Type.String({ enum: [...SCHOOL_STATES] }),
  late: Type.Array(
    Type.Object({
      kind: LateKind,
      days: Type.Integer({ description: 'Số ngày quá hạn / days past the deadline' }),
      classes: Type.Integer({ description: 'Số lớp còn thiếu bước này / classes missing the step' }),
    }),
  ),
});

const DistrictItem = Type.Object({
  districtId: Type.String(),
  name: Type.String(),
  counts: Counts,
  schools: Type.Object({
    total: Type.Integer(),
    notStarted: Type.Integer(),
    locking: Type.Integer(),
    waitingSignature: Type.Integer(),
    waitingAcceptance: Type.Integer(),
    accepted: Type.Integer(),
  }),
  late: Type.Array(Type.Object({ kind: LateKind, schools: Type.Integer(), days: Type.Integer() })),
});

const ProgressQuery = Type.Object(
  {
    schoolYear: Type.Optional({
      ...SchoolYearString,
      description: 'Năm học; mặc định: năm học hiện tại / school year, default the current one',
    }),
    districtId: Type.Optional(IdString),
  },
  { additionalProperties: false },
);

const routes: FastifyPluginAsyncTypebox<RoutesOptions> = async (fastify, o) => {
  const { db, ledger, ledgerReader } = fastify;

  /** The calendar on the ledger, null when the province has not set it; an unreachable ledger is a 503. */
  async function calendarOf(schoolYear: string): Promise<chaincode.Calendar | null> {
    try {
      return await chaincode.getCalendar(ledger, ledgerReader, schoolYear);
    } catch (e) {
      if (e instanceof LedgerError && e.code === 'NOT_FOUND') return null;
      throw e instanceof LedgerError ? e : new ApiError('LEDGER_UNAVAILABLE', { cause: e });
    }
  }

  fastify.get(
    '/calendars/:schoolYear',
    {
      config: { permission: 'calendars.read' },
      schema: {
        tags: ['progress'],
        summary: 'Lịch năm học trên sổ cái / The school year’s calendar on the ledger',
        description:
          'Các mốc do Sở đặt (Điều 4 khoản 3 QĐ 000: tiếp nhận 30/6, báo cáo 10/7, bổ sung 15/8). / ' +
          'The windows the province set, read from the ledger.',
        params: Type.Object({ schoolYear: SchoolYearString }),
        response: { 200: CalendarView, ...errorResponses },
      },
    },
    async (request) => {
      const c = await calendarOf(request.params.schoolYear);
      if (!c) throw new ApiError('CALENDAR_NOT_SET');
      return c;
    },
  );

  fastify.get(
    '/progress',
    {
      config: { permission: 'progress.read' },
      schema: {
        tags: ['progress'],
        summary: 'Tiến độ năm học theo lịch / The year’s progress against the calendar',
        description:
          'Theo quận/huyện và trường trong phạm vi; state=notLocked: các trường chưa khóa hết; late=true: chỉ trường chậm. / ' +
          'Per district and school in the remit; state=notLocked: schools not fully locked; late=true: late schools only.',
        querystring: Type.Object(
          {
            ...ProgressQuery.properties,
            state: Type.Optional(Type.String({ enum: [...SCHOOL_STATES, 'notLocked'] })),
            late: Type.Optional(Type.Boolean({ description: 'Chỉ trường chậm / late schools only' })),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            schoolYear: Type.String(),
            today: Type.String({ description: 'Hôm nay theo giờ Việt Nam (YYYY-MM-DD) / today in Vietnam' }),
            calendar: Type.Union([CalendarView, Type.Null()], {
              description: 'null: Sở chưa đặt lịch / the calendar is not set',
            }),
            deadlines: Type.Array(Deadline),
            nextDeadline: Type.Union([Deadline, Type.Null()]),
            totals: Counts,
            districts: Type.Array(DistrictItem),
            schools: Type.Array(SchoolItem),
          }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const q = request.query;
      const now = o.clock();
      const schoolYear = q.schoolYear ?? schoolYearOf(now);
      const calendar = await calendarOf(schoolYear);
      const progress = await readProgress(
        db,
        {
          scope: scopeOf(request.user!),
          schoolYear,
          districtId: q.districtId,
          state: q.state as (typeof SCHOOL_STATES)[number] | 'notLocked' | undefined,
          lateOnly: q.late,
        },
        calendar,
        now,
      );
      return { ...progress, calendar };
    },
  );

  fastify.get(
    '/progress/timeline',
    {
      config: { permission: 'progress.read' },
      schema: {
        tags: ['progress'],
        summary: 'Tiến độ theo ngày / What happened each day of the season',
        description:
          'Mỗi ngày (giờ Việt Nam): số học bạ được khóa, số lô được ký, neo sổ cái, được tiếp nhận. / ' +
          'Per Vietnamese day: records locked, batches signed, anchored, accepted.',
        querystring: ProgressQuery,
        response: {
          200: Type.Object({
            schoolYear: Type.String(),
            days: Type.Array(
              Type.Object({
                date: Type.String({ description: 'YYYY-MM-DD (giờ Việt Nam / Vietnam)' }),
                recordsLocked: Type.Integer(),
                batchesSigned: Type.Integer(),
                batchesAnchored: Type.Integer(),
                batchesAccepted: Type.Integer(),
              }),
            ),
          }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const q = request.query;
      const schoolYear = q.schoolYear ?? schoolYearOf(o.clock());
      const days = await readTimeline(db, {
        scope: scopeOf(request.user!),
        schoolYear,
        districtId: q.districtId,
      });
      return { schoolYear, days };
    },
  );
};

export default routes;
