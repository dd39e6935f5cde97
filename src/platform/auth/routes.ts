import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { contextOf, SESSION_COOKIE } from '../http/context';
import type { Actor } from './actor';
import { changePasswordBody, loginBody, loginResponse, meResponse, switchScopeBody } from './contract';
import { changePassword, loadSession, login, logout, switchScope } from './service';

function cookieOptions(request: FastifyRequest) {
  return {
    path: '/',
    httpOnly: true,
    sameSite: 'strict' as const,
    secure: request.protocol === 'https' || process.env.COOKIE_SECURE === '1',
  };
}

function meOf(actor: Actor) {
  return {
    user: {
      id: actor.userId,
      username: actor.username,
      displayName: actor.displayName,
      mustChangePassword: actor.mustChangePassword,
    },
    csrfToken: actor.csrfToken,
    permissions: [...actor.permissions].sort(),
    assignments: actor.assignments.map(({ id, roleKey, roleName, unitId, unitName }) => ({
      id,
      roleKey,
      roleName,
      unitId,
      unitName,
    })),
    activeAssignmentId: actor.activeAssignmentId,
  };
}

/** Login, logout, the current user, password change and scope switching. */
export async function authRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.post(
    '/api/auth/login',
    {
      config: { public: true, rateLimit: { max: 30, timeWindow: '1 minute' } },
      schema: { tags: ['auth'], summary: '登录', body: loginBody, response: { 200: loginResponse } },
    },
    async (request, reply) => {
      const result = await login(app.platform.database.db, {
        ...request.body,
        ip: request.ip,
        userAgent: request.headers['user-agent'] ?? null,
      });
      reply.setCookie(SESSION_COOKIE, result.sessionToken, cookieOptions(request));
      return { user: result.user, csrfToken: result.csrfToken };
    },
  );

  r.post(
    '/api/auth/logout',
    {
      config: { public: true },
      schema: { tags: ['auth'], summary: '退出登录', response: { 204: z.null() } },
    },
    async (request, reply: FastifyReply) => {
      // Public so an expired session can still clear its cookie; a live session is ended properly.
      const lookup = await loadSession(app.platform.database, request.cookies[SESSION_COOKIE], request.ip);
      if (lookup.ok) {
        if (request.headers['x-csrf-token'] !== lookup.actor.csrfToken) {
          return reply.status(403).send({
            error: { code: 'CSRF_FAILED', message: '页面已过期（安全令牌无效），请刷新页面后重试' },
          });
        }
        await logout(app.platform.database.db, lookup.actor);
      }
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.status(204).send(null);
    },
  );

  r.get(
    '/api/auth/me',
    {
      config: { authenticated: true, allowBeforePasswordChange: true },
      schema: { tags: ['auth'], summary: '当前用户', response: { 200: meResponse } },
    },
    async (request) => meOf(contextOf(request).actor),
  );

  r.post(
    '/api/auth/password',
    {
      config: { authenticated: true, allowBeforePasswordChange: true },
      schema: { tags: ['auth'], summary: '修改密码', body: changePasswordBody, response: { 204: z.null() } },
    },
    async (request, reply) => {
      const { db, actor } = contextOf(request);
      await changePassword(db, actor, request.body);
      return reply.status(204).send(null);
    },
  );

  r.post(
    '/api/auth/scope',
    {
      config: { authenticated: true },
      schema: {
        tags: ['auth'],
        summary: '切换授权范围',
        body: switchScopeBody,
        response: { 200: meResponse },
      },
    },
    async (request) => {
      const { db, actor } = contextOf(request);
      await switchScope(db, actor, request.body.assignmentId);
      const reloaded = await loadSession(app.platform.database, request.cookies[SESSION_COOKIE], request.ip);
      if (!reloaded.ok) throw new Error('session vanished while switching scope');
      return meOf(reloaded.actor);
    },
  );
}
