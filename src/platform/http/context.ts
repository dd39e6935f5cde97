import type { FastifyRequest } from 'fastify';
import type { Actor } from '../auth/actor';
import type { Permission } from '../auth/permissions';
import type { FieldCipher } from '../crypto';
import type { Database, Db } from '../db';
import { AppError } from '../errors';
import type { Scope } from '../scope';

/** Name of the HttpOnly session cookie. */
export const SESSION_COOKIE = 'jiceng_sid';

/** Long-lived services shared by every request. */
export interface Platform {
  database: Database;
  cipher: FieldCipher;
  dataDir: string;
}

/** What a use case receives: the database, the actor, and the scope of the route's permission. */
export interface RequestContext {
  db: Db;
  actor: Actor;
  scope: Scope;
  cipher: FieldCipher;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The permission a route needs; the request's scope is where the actor holds it. */
    permission?: Permission;
    /** A route anyone may call without logging in. */
    public?: boolean;
    /** A route for any logged-in user whatever their roles (their own profile, password, scope). */
    authenticated?: boolean;
    /** Reachable while the user still has to change a generated password. */
    allowBeforePasswordChange?: boolean;
    /**
     * A state-changing route that never changes users, roles, role assignments, units or sessions: its
     * requests leave the sessions this process has cached in place (a busy intake route would
     * otherwise make every request of every user read its session again).
     */
    keepsSessions?: boolean;
  }
  interface FastifyRequest {
    actor: Actor | null;
    scope: Scope;
  }
  interface FastifyInstance {
    platform: Platform;
    /** Every route as registered, with what it declares (for the route-declaration test). */
    routesList: import('./app').RegisteredRoute[];
  }
}

/** The use-case context of an authenticated request. */
export function contextOf(request: FastifyRequest): RequestContext {
  if (!request.actor) throw new AppError('UNAUTHENTICATED');
  const platform = request.server.platform;
  return { db: platform.database.db, actor: request.actor, scope: request.scope, cipher: platform.cipher };
}
