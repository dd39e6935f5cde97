// Hash routes (/m/#/tasks …): every page opens from the one cached shell, also offline.
import { useSyncExternalStore } from 'react';

function subscribe(listener: () => void) {
  window.addEventListener('hashchange', listener);
  return () => window.removeEventListener('hashchange', listener);
}

const current = () => window.location.hash.replace(/^#\/?/, '') || 'tasks';

/** The route as its parts, e.g. ['event', '<id>']. */
export function useRoute(): string[] {
  return useSyncExternalStore(subscribe, current).split('/');
}

export function go(path: string): void {
  window.location.hash = `#/${path}`;
}
