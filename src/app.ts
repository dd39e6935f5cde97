import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { centersRoutes, registerCentersIndicators } from './modules/centers';
import { electionsRoutes, registerElectionsIndicators } from './modules/elections';
import { gridRoutes, registerGridIndicators } from './modules/grid';
import { meetingsRoutes, registerMeetingsIndicators } from './modules/meetings';
import { membersRoutes, registerMembersIndicators } from './modules/members';
import { orgsRoutes, registerOrgIndicators } from './modules/orgs';
import { peopleRoutes } from './modules/people';
import { portalRoutes } from './modules/portal';
import { registerVoiceIndicators, voiceRoutes } from './modules/voice';
import { registerCoreEvidenceEntities, reportsRoutes } from './modules/reports';
import { usersRoutes } from './modules/users/routes';
import { auditRoutes } from './platform/audit/routes';
import { authRoutes } from './platform/auth/routes';
import { ping } from './platform/db';
import { importRoutes } from './platform/excel';
import { fileRoutes } from './platform/files';
import { buildApp } from './platform/http/app';
import type { Platform } from './platform/http/context';
import { indicatorRoutes } from './platform/indicators/routes';
import { notificationRoutes } from './platform/notifications';
import { holidayRoutes } from './platform/cases';

let indicatorsRegistered = false;

/** Registers every module's indicators once per process. */
export function registerIndicators(): void {
  if (indicatorsRegistered) return;
  indicatorsRegistered = true;
  registerOrgIndicators();
  registerMembersIndicators();
  registerElectionsIndicators();
  registerMeetingsIndicators();
  registerCentersIndicators();
  registerGridIndicators();
  registerVoiceIndicators();
  registerCoreEvidenceEntities();
}

async function healthRoutes(app: FastifyInstance): Promise<void> {
  app.get(
    '/api/health',
    {
      config: { public: true },
      schema: {
        tags: ['platform'],
        summary: '健康检查',
        response: { 200: z.object({ status: z.literal('ok'), database: z.enum(['pglite', 'postgres']) }) },
      },
    },
    async () => {
      await ping(app.platform.database.db);
      return { status: 'ok' as const, database: app.platform.database.kind };
    },
  );
}

/** The whole Jiceng application over a platform (database, keys): every module's routes. */
export async function createJicengApp(
  platform: Platform,
  options: { logger?: boolean; serveWeb?: boolean } = {},
) {
  registerIndicators();
  return buildApp({
    platform,
    logger: options.logger ? { level: process.env.LOG_LEVEL ?? 'warn' } : false,
    serveWeb: options.serveWeb,
    modules: [
      healthRoutes,
      authRoutes,
      orgsRoutes,
      peopleRoutes,
      usersRoutes,
      auditRoutes,
      membersRoutes,
      electionsRoutes,
      meetingsRoutes,
      centersRoutes,
      gridRoutes,
      voiceRoutes,
      portalRoutes,
      reportsRoutes,
      indicatorRoutes,
      importRoutes,
      fileRoutes,
      notificationRoutes,
      holidayRoutes,
    ],
  });
}
