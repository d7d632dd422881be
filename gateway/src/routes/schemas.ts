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
        Type.Array(Type.Object({ in: Type.String(), path: Type.String(), message: Type.String() }), {
          description: 'Các trường sai (JSON Pointer) / the offending fields (JSON Pointer)',
        }),
      ),
    }),
  },
  { $id: 'ErrorResponse' },
);

/** The error responses every route may give, by status class. */
export const errorResponses = { '4xx': ErrorResponse, '5xx': ErrorResponse } as const;
