import { Select, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../../web/api/client';
import type { Page, UnitSearchHit } from '../../../web/api/types';

export interface UnitSelectProps {
  value?: string | null;
  onChange?: (unitId: string | null, unit: UnitSearchHit | null) => void;
  /** Label to show for a preset value before the user searches. */
  initialLabel?: string;
  placeholder?: string;
  /** Units that cannot be picked (e.g. the unit being moved). */
  excludeIds?: string[];
  includeInactive?: boolean;
  allowClear?: boolean;
  style?: React.CSSProperties;
  id?: string;
  'data-testid'?: string;
}

/** A searchable unit picker (name or pinyin initials) backed by GET /api/orgs/search; shows each unit's full path. */
export function UnitSelect(props: UnitSelectProps) {
  const { t } = useTranslation();
  const [hits, setHits] = useState<UnitSearchHit[]>([]);
  const [loading, setLoading] = useState(false);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const controller = useRef<AbortController | null>(null);

  const search = (query: string) => {
    clearTimeout(timer.current);
    // Wait for a pause in typing so every keystroke does not hit the server.
    timer.current = setTimeout(async () => {
      controller.current?.abort();
      const current = new AbortController();
      controller.current = current;
      setLoading(true);
      try {
        const page = await api.get<Page<UnitSearchHit>>('/api/orgs/search', {
          query: { q: query.trim(), includeInactive: props.includeInactive ?? false, page: 1, pageSize: 20 },
          signal: current.signal,
        });
        setHits(page.items);
      } catch {
        // Aborted or already shown by the central handler.
      } finally {
        if (!current.signal.aborted) setLoading(false);
      }
    }, 250);
  };

  useEffect(() => () => clearTimeout(timer.current), []);

  const excluded = new Set(props.excludeIds ?? []);
  const options = hits
    .filter((hit) => !excluded.has(hit.id))
    .map((hit) => ({
      value: hit.id,
      label: hit.name,
      hit,
    }));
  if (props.value && props.initialLabel && !options.some((option) => option.value === props.value)) {
    options.unshift({
      value: props.value,
      label: props.initialLabel,
      hit: undefined as unknown as UnitSearchHit,
    });
  }

  return (
    <Select
      id={props.id}
      data-testid={props['data-testid']}
      showSearch={{ filterOption: false, onSearch: search }}
      allowClear={props.allowClear ?? true}
      value={props.value ?? undefined}
      placeholder={props.placeholder ?? t('orgs.unitSelectPlaceholder')}
      notFoundContent={loading ? t('common.loading') : t('orgs.unitSelectEmpty')}
      loading={loading}
      style={{ minWidth: 240, ...props.style }}
      popupMatchSelectWidth={false}
      onOpenChange={(open) => {
        if (open && hits.length === 0) search('');
      }}
      options={options}
      optionRender={(option) => (
        <div>
          <div>{option.data.label}</div>
          {option.data.hit && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {option.data.hit.pathNames}
            </Typography.Text>
          )}
        </div>
      )}
      onChange={(value: string | undefined) => {
        const hit = hits.find((candidate) => candidate.id === value) ?? null;
        props.onChange?.(value ?? null, hit);
      }}
    />
  );
}
