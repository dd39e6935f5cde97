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

/**
 * Loads /api/auth/me at start and keeps the logged-in user, permissions and scope for the whole app.
 * `onSignedIn` hears the permissions of a signed-in user as soon as they arrive, before the app renders
 * with them (the app starts downloading the page the user lands on).
 */
export function SessionProvider({
  children,
  onSignedIn,
}: {
  children: ReactNode;
  onSignedIn?: (permissions: string[]) => void;
}) {
  const [status, setStatus] = useState<SessionStatus>('loading');
  const [me, setMe] = useState<Me | null>(null);
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

  useEffect(() => {
    void refresh();
  }, [refresh]);

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
