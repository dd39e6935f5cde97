import type { TablePaginationConfig } from 'antd';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type RequestOptions } from '../api/client';
import type { Page } from '../api/types';

export interface PagedList<T> {
  items: T[];
  total: number;
  loading: boolean;
  /** Ready-made antd Table pagination (page, size, total, Chinese total text). */
  pagination: TablePaginationConfig;
  reload: () => void;
}

/** Loads one page of a list endpoint; going back to page 1 whenever the filters change. */
export function usePagedList<T>(
  url: string,
  filters: NonNullable<RequestOptions['query']>,
  options: { enabled?: boolean; pageSize?: number } = {},
): PagedList<T> {
  const { t } = useTranslation();
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(options.pageSize ?? 20);
  const [data, setData] = useState<Page<T> | null>(null);
  const [loading, setLoading] = useState(false);
  const [reloadToken, setReloadToken] = useState(0);
  const filterKey = JSON.stringify(filters);
  const previousFilterKey = useRef(filterKey);
  const enabled = options.enabled ?? true;

  // biome-ignore lint/correctness/useExhaustiveDependencies: `reloadToken` is the reload trigger.
  useEffect(() => {
    if (!enabled) return;
    // A filter change restarts at page 1 without first fetching the old page number.
    const filtersChanged = previousFilterKey.current !== filterKey;
    previousFilterKey.current = filterKey;
    const targetPage = filtersChanged ? 1 : page;
    if (filtersChanged && page !== 1) {
      setPage(1);
      return;
    }
    const controller = new AbortController();
    setLoading(true);
    api
      .get<Page<T>>(url, {
        query: { ...(JSON.parse(filterKey) as RequestOptions['query']), page: targetPage, pageSize },
        signal: controller.signal,
      })
      .then((result) => setData(result))
      .catch(() => {
        // The central handler has already told the user.
        if (!controller.signal.aborted) setData(null);
      })
      .finally(() => {
        if (!controller.signal.aborted) setLoading(false);
      });
    return () => controller.abort();
  }, [url, filterKey, page, pageSize, enabled, reloadToken]);

  const reload = useCallback(() => setReloadToken((token) => token + 1), []);

  const pagination = useMemo<TablePaginationConfig>(
    () => ({
      current: page,
      pageSize,
      total: data?.total ?? 0,
      showSizeChanger: true,
      pageSizeOptions: [10, 20, 50, 100],
      showTotal: (total) => t('common.total', { total }),
      onChange: (nextPage, nextSize) => {
        setPage(nextSize !== pageSize ? 1 : nextPage);
        setPageSize(nextSize);
      },
    }),
    [page, pageSize, data?.total, t],
  );

  return { items: data?.items ?? [], total: data?.total ?? 0, loading, pagination, reload };
}
