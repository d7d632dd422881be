/** OpenAPI 3.1 built from the route schemas, and swagger-ui at /docs (the document at /docs/json). */
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import fp from 'fastify-plugin';

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
      },
    });
    await fastify.register(swaggerUi, { routePrefix: '/docs', staticCSP: true });
  },
  { name: 'swagger', fastify: '5.x', dependencies: ['helmet'] },
);
