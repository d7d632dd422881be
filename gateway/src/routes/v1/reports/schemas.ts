/** The answers of GET /v1/reports and GET /v1/reports/preview (services/report-view.ts). */
import { Type } from 'typebox';

const Nullable = <T extends ReturnType<typeof Type.String> | ReturnType<typeof Type.Integer>>(t: T) =>
  Type.Union([t, Type.Null()]);

const DistrictPart = Type.Object({
  districtId: Type.String(),
  districtName: Type.String(),
  batches: Type.Integer(),
  records: Type.Integer(),
  waitingAcceptance: Type.Integer({
    description: 'Lô Phòng chưa tiếp nhận trên sổ cái / batches the district has not accepted on the ledger',
  }),
});

export const ReportItem = Type.Object({
  reportId: Type.String(),
  schoolYear: Type.String(),
  seq: Type.Integer({ description: '1: báo cáo; 2…: bổ sung / 1: the report; 2…: supplementary' }),
  provinceId: Nullable(Type.String()),
  provinceName: Nullable(Type.String()),
  root: Type.String(),
  batches: Type.Integer(),
  records: Type.Integer(),
  waitingAcceptance: Type.Integer(),
  districts: Type.Array(DistrictPart),
  submittedBy: Nullable(Type.String({ description: 'Tên người gửi / who submitted it, by name' })),
  createdAt: Type.String(),
  state: Type.String({
    enum: ['queued', 'submitted', 'failed'],
    description: 'queued: chờ ghi sổ cái; submitted: đã ghi; failed: sổ cái từ chối / on the ledger or not',
  }),
  submittedAt: Nullable(Type.String()),
  ledgerTxId: Nullable(Type.String()),
  blockNumber: Nullable(Type.Integer()),
  onTime: Type.Union([Type.Boolean(), Type.Null()]),
  ackState: Type.String({ enum: ['none', 'queued', 'acknowledged', 'failed'] }),
  acknowledgedBy: Nullable(Type.String()),
  acknowledgedAt: Nullable(Type.String()),
  ackLedgerTxId: Nullable(Type.String()),
  ackBlockNumber: Nullable(Type.Integer()),
});

const WaitingBatch = Type.Object({
  batchId: Type.String(),
  schoolId: Type.String(),
  schoolName: Type.String(),
  districtName: Type.String(),
  className: Nullable(Type.String()),
  records: Type.Integer(),
  lockedAt: Nullable(Type.String()),
  anchoredAt: Nullable(Type.String()),
});

export const ReportPreviewBody = Type.Object({
  schoolYear: Type.String(),
  next: Type.Object({
    seq: Type.Integer(),
    batches: Type.Integer(),
    records: Type.Integer(),
    waitingAcceptance: Type.Integer(),
    unchanged: Type.Boolean({
      description: 'Không có gì mới từ báo cáo trước / nothing new since the last report',
    }),
    pending: Type.Boolean({ description: 'Báo cáo trước còn chờ sổ cái / the last report is still queued' }),
  }),
  districts: Type.Array(DistrictPart),
  waiting: Type.Object({
    notLocked: Type.Array(
      Type.Object({
        schoolId: Type.String(),
        schoolName: Type.String(),
        districtName: Type.String(),
        classes: Type.Array(Type.String()),
      }),
      { description: 'Trường còn lớp chưa khóa sổ / schools with classes not locked' },
    ),
    notSigned: Type.Array(WaitingBatch, { description: 'Lô chưa ký / batches not signed' }),
    notAnchored: Type.Array(WaitingBatch, { description: 'Lô đã ký, chưa neo / signed, not anchored' }),
    notAccepted: Type.Array(WaitingBatch, {
      description: 'Đã neo, Phòng chưa tiếp nhận / anchored, not accepted',
    }),
  }),
});
