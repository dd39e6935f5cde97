import { useEffect, useState } from 'react';
import { api } from '../../../web/api/client';

/** One computed indicator as GET /api/indicators/:key answers it, with its groups when it has them. */
export interface ComputedIndicator {
  key: string;
  name: string;
  unit: string;
  value: number | null;
  evidence: { entity: string; ids: string[]; count: number };
  breakdown?: Array<{ key: string; label: string; value: number | null; evidence: { count: number } }>;
}

/**
 * Computes registered indicators for a unit's subtree (the whole scope when unitId is null), through the
 * platform's indicator route: every figure the centres pages show comes from the registry.
 */
export function useIndicators(keys: readonly string[], unitId: string | null) {
  const [values, setValues] = useState<Record<string, ComputedIndicator>>({});
  const [loading, setLoading] = useState(true);
  const keyList = keys.join(',');
  useEffect(() => {
    const controller = new AbortController();
    setLoading(true);
    Promise.all(
      keyList.split(',').map((key) =>
        api.get<ComputedIndicator>(`/api/indicators/${key}`, {
          query: { unitId },
          signal: controller.signal,
        }),
      ),
    )
      .then((results) => setValues(Object.fromEntries(results.map((r) => [r.key, r]))))
      .catch(() => {
        // Shown by the central handler (or aborted by a newer request).
      })
      .finally(() => {
        if (!controller.signal.aborted) setLoading(false);
      });
    return () => controller.abort();
  }, [keyList, unitId]);
  return { values, loading };
}
