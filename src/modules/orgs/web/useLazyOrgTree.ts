import { useCallback, useEffect, useRef, useState } from 'react';
import { api } from '../../../web/api/client';
import type { Unit } from '../../../web/api/types';

export interface LazyOrgTree {
  /** Top units of the user's scope; null while loading. */
  roots: Unit[] | null;
  /** Loaded children by parent id (a key present = that node is loaded). */
  children: Record<string, Unit[]>;
  expandedKeys: string[];
  setExpandedKeys: (keys: string[]) => void;
  loadChildren: (unitId: string) => Promise<void>;
  /** Re-reads the given parents' children (null = the roots) after a create, move or status change. */
  refresh: (parentIds: (string | null)[]) => Promise<void>;
  /** Loads and expands the path to a unit, given its ancestors from the root down. */
  reveal: (ancestorIds: string[]) => Promise<void>;
}

/** State of the lazily loaded organisation tree: roots first, each node's children on expand. */
export function useLazyOrgTree(options: { includeInactive: boolean }): LazyOrgTree {
  const { includeInactive } = options;
  const [roots, setRoots] = useState<Unit[] | null>(null);
  const [children, setChildren] = useState<Record<string, Unit[]>>({});
  const [expandedKeys, setExpandedKeys] = useState<string[]>([]);
  const childrenRef = useRef(children);
  childrenRef.current = children;
  const rootsRef = useRef(roots);
  rootsRef.current = roots;

  const fetchChildren = useCallback(
    (unitId: string) => api.get<Unit[]>(`/api/orgs/${unitId}/children`, { query: { includeInactive } }),
    [includeInactive],
  );

  const loadRoots = useCallback(async () => {
    try {
      setRoots(await api.get<Unit[]>('/api/orgs/roots'));
    } catch {
      setRoots([]);
    }
  }, []);

  // Switching "show inactive" changes every level: start the tree again.
  // biome-ignore lint/correctness/useExhaustiveDependencies: `includeInactive` is the restart trigger.
  useEffect(() => {
    setChildren({});
    setExpandedKeys([]);
    void loadRoots();
  }, [loadRoots, includeInactive]);

  const loadChildren = useCallback(
    async (unitId: string) => {
      try {
        const list = await fetchChildren(unitId);
        setChildren((previous) => ({ ...previous, [unitId]: list }));
      } catch {
        // Mark as loaded (empty) so the tree stops its spinner; the error was shown centrally.
        setChildren((previous) => ({ ...previous, [unitId]: previous[unitId] ?? [] }));
      }
    },
    [fetchChildren],
  );

  const refresh = useCallback(
    async (parentIds: (string | null)[]) => {
      const unique = [...new Set(parentIds)];
      await Promise.all(
        unique.map((parentId) => {
          if (parentId === null) return loadRoots();
          // Unloaded nodes will fetch fresh data when expanded anyway.
          if (!(parentId in childrenRef.current)) return Promise.resolve();
          return loadChildren(parentId);
        }),
      );
    },
    [loadChildren, loadRoots],
  );

  const reveal = useCallback(
    async (ancestorIds: string[]) => {
      const rootIds = new Set((rootsRef.current ?? []).map((unit) => unit.id));
      // Ancestors above the user's scope are not in the tree.
      const start = ancestorIds.findIndex((id) => rootIds.has(id));
      if (start < 0) return;
      const path = ancestorIds.slice(start);
      for (const id of path) {
        if (!(id in childrenRef.current)) {
          const list = await fetchChildren(id).catch(() => [] as Unit[]);
          childrenRef.current = { ...childrenRef.current, [id]: list };
          setChildren((previous) => ({ ...previous, [id]: list }));
        }
      }
      setExpandedKeys((previous) => [...new Set([...previous, ...path])]);
    },
    [fetchChildren],
  );

  return { roots, children, expandedKeys, setExpandedKeys, loadChildren, refresh, reveal };
}
