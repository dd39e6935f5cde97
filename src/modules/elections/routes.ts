import type { FastifyInstance } from 'fastify';

/** HTTP routes of the elections module. */
export async function electionsRoutes(_app: FastifyInstance): Promise<void> {}
