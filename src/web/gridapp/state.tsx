// The grid app's state: the session (kept for offline use), my grids and the category tree, the
// outbox with its sending triggers (start, `online`, backoff timer, after queuing), and the patrol
// recorder.
import {
  createContext,
  type ReactNode,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
} from 'react';
import { get, post, setCsrfToken } from './api';
import { forget, idbOutboxStore, loadSaved, save } from './idb';
import { Outbox, SendFailure } from './outbox';
import type { OutboxItem } from './outbox-types';
import { httpTransport } from './transport';
import type { Category, Me, MyGrid } from './types';

export const outbox = new Outbox(idbOutboxStore, httpTransport);

export const API_CACHE = 'gridapp-api';

type SessionStatus = 'loading' | 'anonymous' | 'ready';

export interface GridAppState {
  status: SessionStatus;
  me: Me | null;
  online: boolean;
  /** The server said the session is gone while items wait: log in again to send them. */
  loginNeeded: boolean;
  grids: MyGrid[];
  categories: Category[];
  /** This worker's outbox items, newest first. */
  items: OutboxItem[];
  pending: number;
  login: (username: string, password: string) => Promise<void>;
  logout: () => Promise<void>;
  sendNow: () => Promise<void>;
  reloadReference: () => Promise<void>;
}

const Context = createContext<GridAppState | null>(null);

export function useGridApp(): GridAppState {
  const state = useContext(Context);
  if (!state) throw new Error('useGridApp outside GridAppProvider');
  return state;
}

async function fetchMe(): Promise<Me | 'anonymous' | 'offline'> {
  try {
    return await get<Me>('/api/auth/me');
  } catch (error) {
    if (error instanceof SendFailure && (error.status === 401 || error.status === 403)) return 'anonymous';
    return 'offline';
  }
}

/** Reads a reference list from the server, falling back to the copy saved on the phone. */
async function referenceList<T>(url: string, key: string): Promise<T[]> {
  try {
    const fresh = await get<T[]>(url);
    await save(key, fresh);
    return fresh;
  } catch {
    return (await loadSaved<T[]>(key)) ?? [];
  }
}

export function GridAppProvider({ children }: { children: ReactNode }) {
  const [status, setStatus] = useState<SessionStatus>('loading');
  const [me, setMe] = useState<Me | null>(null);
  const [online, setOnline] = useState(() => navigator.onLine);
  const [loginNeeded, setLoginNeeded] = useState(false);
  const [grids, setGrids] = useState<MyGrid[]>([]);
  const [categories, setCategories] = useState<Category[]>([]);
  const [allItems, setAllItems] = useState<OutboxItem[]>([]);
  const retryTimer = useRef<number | undefined>(undefined);
  const meRef = useRef<Me | null>(null);

  const applyMe = useCallback(async (next: Me | null) => {
    meRef.current = next;
    setMe(next);
    setCsrfToken(next?.csrfToken ?? null);
    if (next) await save('me', next);
    setStatus(next ? 'ready' : 'anonymous');
  }, []);

  const reloadItems = useCallback(async () => {
    setAllItems(await idbOutboxStore.all());
  }, []);

  const reloadReference = useCallback(async () => {
    setGrids(await referenceList<MyGrid>('/api/grid/my-grids', 'grids'));
    setCategories(await referenceList<Category>('/api/grid/event-categories', 'categories'));
  }, []);

  /** The session is gone: show the login screen, keeping the queue (and the saved worker) as it is. */
  const askLogin = useCallback(() => {
    setLoginNeeded(true);
    setStatus('anonymous');
  }, []);

  const flush = useCallback(
    async (force: boolean) => {
      const owner = meRef.current;
      if (!owner || !navigator.onLine) return;
      window.clearTimeout(retryTimer.current);
      const result = await outbox.flush(owner.user.id, { force });
      if (result.authRequired) {
        askLogin();
        return;
      }
      if (result.nextAttemptAt !== null) {
        const wait = Math.max(1_000, result.nextAttemptAt - Date.now());
        retryTimer.current = window.setTimeout(() => void flush(false), wait);
      }
    },
    [askLogin],
  );

  /** Back online: confirm the session (fresh CSRF token or a login prompt), then send at once. */
  const reconnect = useCallback(async () => {
    const answer = await fetchMe();
    if (answer === 'offline') return;
    if (answer === 'anonymous') {
      askLogin();
      return;
    }
    await applyMe(answer);
    await reloadReference();
    await flush(true);
  }, [applyMe, askLogin, flush, reloadReference]);

  useEffect(() => {
    const unsubscribe = outbox.subscribe(() => void reloadItems());
    void (async () => {
      await outbox.recover();
      await reloadItems();
      const answer = await fetchMe();
      if (answer === 'offline') {
        const saved = await loadSaved<Me>('me');
        await applyMe(saved ?? null);
        if (saved) await reloadReference();
        return;
      }
      if (answer === 'anonymous') {
        const saved = await loadSaved<Me>('me');
        // Keep the queue and ask the same worker to log in again before it is sent.
        if (saved) setLoginNeeded(true);
        await applyMe(null);
        return;
      }
      await applyMe(answer);
      await reloadReference();
      await flush(true);
    })();
    const goOnline = () => {
      setOnline(true);
      void reconnect();
    };
    const goOffline = () => setOnline(false);
    window.addEventListener('online', goOnline);
    window.addEventListener('offline', goOffline);
    return () => {
      unsubscribe();
      window.removeEventListener('online', goOnline);
      window.removeEventListener('offline', goOffline);
    };
  }, [applyMe, reconnect, reloadItems, reloadReference, flush]);

  const login = useCallback(
    async (username: string, password: string) => {
      const result = await post<{ csrfToken: string }>('/api/auth/login', { username, password });
      setCsrfToken(result.csrfToken);
      const answer = await fetchMe();
      if (typeof answer === 'string') throw new SendFailure(0, 'NETWORK', '登录后读取用户信息失败，请重试');
      if (answer.user.mustChangePassword)
        throw new SendFailure(
          403,
          'PASSWORD_CHANGE_REQUIRED',
          '首次登录请先在工作台（电脑端）修改初始密码，再使用本应用',
        );
      const previous = meRef.current ?? (await loadSaved<Me>('me'));
      // Another worker on this phone: the previous one's cached pages are not theirs to read.
      if (previous && previous.user.id !== answer.user.id) await caches?.delete(API_CACHE);
      await applyMe(answer);
      setLoginNeeded(false);
      outbox.resume();
      await reloadReference();
      await flush(true);
    },
    [applyMe, flush, reloadReference],
  );

  const logout = useCallback(async () => {
    try {
      await post('/api/auth/logout', {});
    } catch {
      // Offline: the cookie goes when the session expires; the phone forgets it now.
    }
    await forget('me');
    await caches?.delete(API_CACHE);
    setLoginNeeded(false);
    await applyMe(null);
  }, [applyMe]);

  const items = useMemo(
    () =>
      allItems
        .filter((item) => item.ownerId === me?.user.id)
        .sort((a, b) => b.createdAt.localeCompare(a.createdAt)),
    [allItems, me],
  );
  const pending = items.filter((item) => item.status === 'queued' || item.status === 'sending').length;

  const value = useMemo<GridAppState>(
    () => ({
      status,
      me,
      online,
      loginNeeded,
      grids,
      categories,
      items,
      pending,
      login,
      logout,
      sendNow: () => flush(true),
      reloadReference,
    }),
    [
      status,
      me,
      online,
      loginNeeded,
      grids,
      categories,
      items,
      pending,
      login,
      logout,
      flush,
      reloadReference,
    ],
  );
  return <Context.Provider value={value}>{children}</Context.Provider>;
}

/** Queues an item and tries to send it straight away when online. */
export async function queueAndSend(item: OutboxItem, state: GridAppState): Promise<void> {
  await outbox.queue(item);
  await state.sendNow();
}
