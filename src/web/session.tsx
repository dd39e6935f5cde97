import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { type Access, type AccessFlag, computeAccess } from './access';
import { ApiError, api, setCsrfToken } from './api/client';
import type { Assignment, LoginResponse, Me, User } from './api/types';

export type SessionStatus = 'loading' | 'anonymous' | 'authenticated';

export interface Session {
  status: SessionStatus;
  user: User | null;
  permissions: string[];
  assignments: Assignment[];
  activeAssignmentId: string | null;
  csrfToken: string | null;
  access: Access;
  /** Bumped after a scope switch so pages remount and reload their data. */
  scopeVersion: number;
  can: (permission: string) => boolean;
  allowed: (flag: AccessFlag | undefined) => boolean;
  login: (credentials: { username: string; password: string }) => Promise<User>;
  logout: () => Promise<void>;
  refresh: () => Promise<void>;
  switchScope: (assignmentId: string | null) => Promise<void>;
  /** Forget the session locally (the server answered 401). */
  expire: () => void;
}

const SessionContext = createContext<Session | null>(null);

declare global {
  interface Window {
    /** /api/auth/me, asked for by index.html before the app's scripts have arrived. */
    __jicengMe?: Promise<Response>;
  }
}

/**
 * The answer to the /api/auth/me request index.html made while the app's scripts downloaded: the
 * signed-in user (their CSRF token remembered), null when nobody is signed in, or undefined when there
 * is no usable answer (SessionProvider then asks itself).
 */
export async function earlySession(): Promise<Me | null | undefined> {
  const early = window.__jicengMe;
  window.__jicengMe = undefined;
  if (!early) return undefined;
  try {
    const response = await early;
    if (response.status === 401) return null;
    if (!response.ok) return undefined;
    const me = (await response.json()) as Me;
    setCsrfToken(me.csrfToken);
    return me;
  } catch {
    return undefined;
  }
}

/**
 * Keeps the logged-in user, permissions and scope for the whole app: from `initial` (see
 * `earlySession`) when given, else loaded from /api/auth/me at start. `onSignedIn` hears the
 * permissions of a user who signs in as soon as they arrive, before the app renders with them (the
 * app starts downloading the page the user lands on).
 */
export function SessionProvider({
  children,
  initial,
  onSignedIn,
}: {
  children: ReactNode;
  initial?: Me | null;
  onSignedIn?: (permissions: string[]) => void;
}) {
  const [status, setStatus] = useState<SessionStatus>(
    initial === undefined ? 'loading' : initial ? 'authenticated' : 'anonymous',
  );
  const [me, setMe] = useState<Me | null>(initial ?? null);
  const [scopeVersion, setScopeVersion] = useState(0);

  const applyMe = useCallback((next: Me | null) => {
    setMe(next);
    setCsrfToken(next?.csrfToken ?? null);
    setStatus(next ? 'authenticated' : 'anonymous');
  }, []);

  const refresh = useCallback(async () => {
    try {
      const next = await api.get<Me>('/api/auth/me', { quiet: true });
      onSignedIn?.(next.permissions);
      applyMe(next);
    } catch (error) {
      // Not logged in is a normal start; other failures also leave the user at the login page.
      if (!(error instanceof ApiError) || error.status !== 401) console.warn(error);
      applyMe(null);
    }
  }, [applyMe, onSignedIn]);

  // `initial` is given once, at the first render; only without it is the session asked for here.
  useEffect(() => {
    if (initial === undefined) void refresh();
  }, [initial, refresh]);

  const login = useCallback(
    async (credentials: { username: string; password: string }) => {
      const result = await api.post<LoginResponse>('/api/auth/login', credentials, { quiet: true });
      setCsrfToken(result.csrfToken);
      await refresh();
      return result.user;
    },
    [refresh],
  );

  const logout = useCallback(async () => {
    try {
      await api.post('/api/auth/logout', {}, { quiet: true });
    } finally {
      applyMe(null);
    }
  }, [applyMe]);

  const switchScope = useCallback(
    async (assignmentId: string | null) => {
      applyMe(await api.post<Me>('/api/auth/scope', { assignmentId }));
      setScopeVersion((version) => version + 1);
    },
    [applyMe],
  );

  const expire = useCallback(() => applyMe(null), [applyMe]);

  const value = useMemo<Session>(() => {
    const permissions = me?.permissions ?? [];
    const access = computeAccess(permissions);
    return {
      status,
      user: me?.user ?? null,
      permissions,
      assignments: me?.assignments ?? [],
      activeAssignmentId: me?.activeAssignmentId ?? null,
      csrfToken: me?.csrfToken ?? null,
      access,
      scopeVersion,
      can: (permission) => permissions.includes(permission),
      allowed: (flag) => (flag ? access[flag] : true),
      login,
      logout,
      refresh,
      switchScope,
      expire,
    };
  }, [status, me, scopeVersion, login, logout, refresh, switchScope, expire]);

  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

/** The current session; only inside SessionProvider. */
export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession must be used inside SessionProvider');
  return session;
}

/** The UI access flags of the current session. */
export function useAccess(): Access {
  return useSession().access;
}
