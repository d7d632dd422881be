/**
 * Response schemas shared by the routes. They document the API (OpenAPI) and filter what is sent: a field
 * not declared here never leaves the gateway.
 */
import { Type } from 'typebox';

export const Localized = Type.Object({ vi: Type.String(), en: Type.String() });

export const ErrorResponse = Type.Object(
  {
    error: Type.Object({
      code: Type.String({ description: 'Mã lỗi ổn định / stable error code' }),
      message: Localized,
      problems: Type.Optional(
        Type.Array(
          Type.Object({
            in: Type.String(),
            path: Type.String(),
            message: Type.String(),
            // The record rules' problems (routes/v1/records/errors.ts) name their code and the rule broken.
            code: Type.Optional(Type.String()),
            rule: Type.Optional(Type.String({ description: 'Điều khoản bị vi phạm / the rule broken' })),
            row: Type.Optional(Type.Integer({ description: 'Dòng (từ 0) / row (from 0)' })),
            recordId: Type.Optional(Type.String({ description: 'Học bạ của dòng / the row’s record' })),
            allowed: Type.Optional(
              Type.Array(Type.String(), { description: 'Các giá trị được chọn / the values to choose from' }),
            ),
          }),
          { description: 'Các trường sai (JSON Pointer) / the offending fields (JSON Pointer)' },
        ),
      ),
    }),
  },
  { $id: 'ErrorResponse' },
);

/**
 * The error responses every route may give, by status class: a reference to the one ErrorResponse, which
 * the errors plugin adds to the app (so the document holds it once, in components.schemas).
 */
export const ErrorRef = Type.Ref('ErrorResponse');
export const errorResponses = { '4xx': ErrorRef, '5xx': ErrorRef } as const;
