/** Issue 14: routes under /v1 (stub, filled by its owner). */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';

export interface RoutesOptions {
  clock: () => Date;
}

const routes: FastifyPluginAsyncTypebox<RoutesOptions> = async () => {};

export default routes;
