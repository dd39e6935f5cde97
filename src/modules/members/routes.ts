import type { FastifyInstance } from 'fastify';

/** HTTP routes of the members module. */
export async function membersRoutes(_app: FastifyInstance): Promise<void> {}
