import type { FastifyInstance } from 'fastify';

/** HTTP routes of the centers module. */
export async function centersRoutes(_app: FastifyInstance): Promise<void> {}
