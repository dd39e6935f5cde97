import type { FastifyInstance } from 'fastify';

/** HTTP routes of the meetings module. */
export async function meetingsRoutes(_app: FastifyInstance): Promise<void> {}
