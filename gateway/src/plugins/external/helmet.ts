/** Security headers. The CSP is Helmet's default; swagger-ui adds the hashes its own page needs. */
import helmet from '@fastify/helmet';
import fp from 'fastify-plugin';

export default fp(
  async (fastify) => {
    await fastify.register(helmet, { global: true });
  },
  { name: 'helmet', fastify: '5.x' },
);
