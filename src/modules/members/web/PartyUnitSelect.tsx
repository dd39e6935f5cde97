import { Select, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../../web/api/client';
import type { Page } from '../../../web/api/types';

export interface PartyUnit {
  id: string;
  name: string;
  type: string;
  typeName: string;
  pathNames: string;
}

export interface PartyUnitSelectProps {
  value?: string | null;
  onChange?: (unitId: string | null, unit: PartyUnit | null) => void;
  /** `/api/members/units` (organisations in scope) or `/api/members/transfer-targets` (the whole banner). */
  source?: string;
  placeholder?: string;
  excludeIds?: string[];
  style?: React.CSSProperties;
  id?: string;
  allowClear?: boolean;
  'data-testid'?: string;
}

/** A searchable picker of Party organisations (name or pinyin), showing each one's full path. */
export function PartyUnitSelect(props: PartyUnitSelectProps) {
  const { t } = useTranslation();
  const [hits, setHits] = useState<PartyUnit[]>([]);
  const [loading, setLoading] = useState(false);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const controller = useRef<AbortController | null>(null);
  const source = props.source ?? '/api/members/units';

  const search = (query: string) => {
    clearTimeout(timer.current);
    timer.current = setTimeout(async () => {
      controller.current?.abort();
      const current = new AbortController();
      controller.current = current;
      setLoading(true);
      try {
        const page = await api.get<Page<PartyUnit>>(source, {
          query: { q: query.trim(), page: 1, pageSize: 30 },
          signal: current.signal,
        });
        setHits(page.items);
      } catch {
        // Aborted, or shown by the central handler.
      } finally {
        if (!current.signal.aborted) setLoading(false);
      }
    }, 250);
  };

  useEffect(() => () => clearTimeout(timer.current), []);

  const excluded = new Set(props.excludeIds ?? []);
  return (
    <Select
      id={props.id}
      data-testid={props['data-testid']}
      showSearch={{ filterOption: false, onSearch: search }}
      allowClear={props.allowClear ?? true}
      value={props.value ?? undefined}
      placeholder={props.placeholder ?? t('members.orgPlaceholder')}
      notFoundContent={loading ? t('common.loading') : t('members.orgEmpty')}
      loading={loading}
      style={{ minWidth: 260, ...props.style }}
      popupMatchSelectWidth={false}
      onOpenChange={(open) => {
        if (open && hits.length === 0) search('');
      }}
      options={hits
        .filter((hit) => !excluded.has(hit.id))
        .map((hit) => ({ value: hit.id, label: hit.name, hit }))}
      optionRender={(option) => (
        <div>
          <div>{option.data.label}</div>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {option.data.hit.pathNames}
          </Typography.Text>
        </div>
      )}
      onChange={(value: string | undefined) => {
        props.onChange?.(value ?? null, hits.find((hit) => hit.id === value) ?? null);
      }}
    />
  );
}
