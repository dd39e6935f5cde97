import { useCallback, useEffect, useMemo, useState } from 'react';
import { api } from '../../../../web/api/client';
import type { Indicator } from '../../../../web/api/types';

export interface IndicatorGroupOption {
  key: string;
  label: string;
}

interface ComputedIndicator {
  breakdown?: Array<{ key: string; label: string }>;
}

export interface IndicatorCatalog {
  indicators: Indicator[];
  loading: boolean;
  find: (key: string) => Indicator | undefined;
  /** The groups of a grouped indicator ([] when it has none), undefined until read. */
  groupsOf: (key: string) => IndicatorGroupOption[] | undefined;
  /** Reads the groups of these indicators (once each). */
  loadGroups: (keys: string[]) => void;
}

/**
 * The registered indicators (GET /api/indicators) and, on demand, the groups of grouped ones: the
 * registry does not list groups, so they are read from one computation of the indicator.
 */
export function useIndicatorCatalog(): IndicatorCatalog {
  const [indicators, setIndicators] = useState<Indicator[]>([]);
  const [loading, setLoading] = useState(true);
  const [groups, setGroups] = useState<Record<string, IndicatorGroupOption[] | 'loading'>>({});

  useEffect(() => {
    api
      .get<Indicator[]>('/api/indicators')
      .then(setIndicators)
      .catch(() => undefined)
      .finally(() => setLoading(false));
  }, []);

  const byKey = useMemo(
    () => new Map(indicators.map((indicator) => [indicator.key, indicator])),
    [indicators],
  );

  const loadGroups = useCallback(
    (keys: string[]) => {
      const wanted = [...new Set(keys)].filter((key) => byKey.has(key) && groups[key] === undefined);
      if (wanted.length === 0) return;
      setGroups((current) => ({ ...current, ...Object.fromEntries(wanted.map((key) => [key, 'loading'])) }));
      for (const key of wanted) {
        api
          .get<ComputedIndicator>(`/api/indicators/${encodeURIComponent(key)}`, { quiet: true })
          .then((result) => result.breakdown?.map(({ key: group, label }) => ({ key: group, label })) ?? [])
          .catch(() => [])
          .then((list) => setGroups((current) => ({ ...current, [key]: list })));
      }
    },
    [byKey, groups],
  );

  const groupsOf = useCallback(
    (key: string) => {
      // An indicator no module registers has no groups to offer.
      if (!loading && !byKey.has(key)) return [];
      const found = groups[key];
      return found === 'loading' ? undefined : found;
    },
    [groups, loading, byKey],
  );

  return { indicators, loading, find: (key) => byKey.get(key), groupsOf, loadGroups };
}
