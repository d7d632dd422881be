/**
 * OpenAPI 3.1 built from the route schemas, and swagger-ui at /docs (the document at /docs/json). Every
 * operation whose route is not public (config.permission, plugins/app/auth.ts) carries the bearer scheme,
 * so the /docs page can log in; shared schemas (the one error answer) are named by their `$id`.
 */
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import fp from 'fastify-plugin';

/** The name of the bearer security scheme in the document. */
export const BEARER = 'bearerAuth';

export default fp(
  async (fastify) => {
    await fastify.register(swagger, {
      openapi: {
        openapi: '3.1.0',
        info: {
          title: 'hocba gateway',
          description:
            'Xác minh học bạ số trên sổ cái / Verification of Vietnamese digital school records on the ledger',
          version: '0.1.0',
        },
        tags: [
          { name: 'verify', description: 'Xác minh gói minh chứng / Proof bundle verification' },
          { name: 'ops', description: 'Vận hành / Operations' },
        ],
        components: {
          securitySchemes: {
            [BEARER]: {
              type: 'http',
              scheme: 'bearer',
              bearerFormat: 'JWT',
              description:
                'Mã truy cập từ POST /v1/auth/login hoặc /v1/auth/token / the access token of POST /v1/auth/login or /v1/auth/token',
            },
          },
        },
      },
      transform: ({ schema, url, route }) => {
        const permission = (route.config as { permission?: string } | undefined)?.permission;
        if (permission === 'public' || !schema) return { schema, url };
        return { schema: { ...schema, security: [{ [BEARER]: [] }] }, url };
      },
      refResolver: {
        buildLocalReference: (json, _baseUri, _fragment, i) =>
          typeof json.$id === 'string' ? json.$id : `def-${i}`,
      },
    });
    await fastify.register(swaggerUi, { routePrefix: '/docs', staticCSP: true });
  },
  { name: 'swagger', fastify: '5.x', dependencies: ['helmet'] },
);
