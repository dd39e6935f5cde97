import type { FastifyReply, FastifyRequest } from 'fastify';
import { forgetSessions, loadSession } from '../auth/service';
import { forgetSharedWork } from '../indicators/registry';
import { constantTimeEqual } from '../crypto';
import { AppError } from '../errors';
import { SESSION_COOKIE } from './context';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * The one gate every request passes: public routes go through; others need a live session (401),
 * a CSRF token on state-changing methods (403), a changed password when one was generated (403) and
 * the route's permission (403). The request's scope is where the actor holds that permission.
 */
export async function authenticate(request: FastifyRequest, _reply: FastifyReply): Promise<void> {
  const config = request.routeOptions.config;
  if (config.public || !request.routeOptions.url) return;
  const lookup = await loadSession(
    request.server.platform.database,
    request.cookies[SESSION_COOKIE],
    request.ip,
  );
  if (!lookup.ok) throw new AppError(lookup.reason === 'expired' ? 'SESSION_EXPIRED' : 'UNAUTHENTICATED');
  const actor = lookup.actor;
  if (!SAFE_METHODS.has(request.method)) {
    const token = request.headers['x-csrf-token'];
    if (typeof token !== 'string' || !constantTimeEqual(token, actor.csrfToken))
      throw new AppError('CSRF_FAILED');
  }
  request.actor = actor;
  if (actor.mustChangePassword && !config.allowBeforePasswordChange)
    throw new AppError('PASSWORD_CHANGE_REQUIRED');
  if (config.permission) {
    if (!actor.permissions.has(config.permission)) throw new AppError('FORBIDDEN');
    request.scope = actor.scopeFor(config.permission);
  }
}

/**
 * Once a state-changing request has done its work, and before its answer leaves, the sessions cached
 * by this process are dropped: the client's next request reads its session again. Routes declared
 * `keepsSessions` (they cannot change who may do what) leave them. Indicator work running for other
 * requests is no longer shared with new ones: it may have read the data before the change.
 */
export async function forgetAfterChange(
  request: FastifyRequest,
  _reply: FastifyReply,
  payload: unknown,
): Promise<unknown> {
  if (SAFE_METHODS.has(request.method)) return payload;
  forgetSharedWork();
  if (!request.routeOptions.config.keepsSessions) forgetSessions();
  return payload;
}
