/**
 * Issue 14 point 1, the oversight reads (`oversight.read`, each within the caller's remit):
 * - GET /v1/oversight/batch-counts — batches counted by state, school, district, kind or year (counts.ts);
 * - GET /v1/oversight/record-counts — record versions counted per state, by school or district (counts.ts);
 * - GET /v1/oversight/waiting — corrections, recalls, transfers and acceptances waiting for someone
 *   (waiting.ts).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { countRoutes } from './counts.ts';
import { waitingRoutes } from './waiting.ts';

export interface RoutesOptions {
  clock: () => Date;
}

const routes: FastifyPluginAsyncTypebox<RoutesOptions> = async (fastify, opts) => {
  await fastify.register(countRoutes);
  await fastify.register(waitingRoutes, { clock: opts.clock });
};

export default routes;
