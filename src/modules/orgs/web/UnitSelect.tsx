import { Select, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../../web/api/client';
import type { Page, UnitSearchHit } from '../../../web/api/types';

/** What a unit search endpoint answers for each unit: at least its id, name and full path. */
export interface UnitOption {
  id: string;
  name: string;
  pathNames: string;
}

const TREE_SEARCH = '/api/orgs/search';

export interface UnitSelectProps<T extends UnitOption = UnitSearchHit> {
  value?: string | null;
  onChange?: (unitId: string | null, unit: T | null) => void;
  /** Label to show for a preset value before the user searches (otherwise it is read from the tree). */
  initialLabel?: string;
  placeholder?: string;
  /** Text when nothing matches. */
  emptyText?: string;
  /** Units that cannot be picked (e.g. the unit being moved). */
  excludeIds?: string[];
  /** With the default source: offer deactivated units too. */
  includeInactive?: boolean;
  /**
   * The search endpoint, answering a page of units for `q` (name or pinyin): the whole tree in scope by
   * default; modules pass their own (Party organisations in scope, transfer targets …).
   */
  source?: string;
  allowClear?: boolean;
  disabled?: boolean;
  style?: React.CSSProperties;
  id?: string;
  'data-testid'?: string;
}

/** A searchable unit picker (name or pinyin initials) that shows each unit's full path. */
export function UnitSelect<T extends UnitOption = UnitSearchHit>(props: UnitSelectProps<T>) {
  const { t } = useTranslation();
  const [hits, setHits] = useState<T[]>([]);
  const [loading, setLoading] = useState(false);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const controller = useRef<AbortController | null>(null);
  const source = props.source ?? TREE_SEARCH;

  const search = (query: string) => {
    clearTimeout(timer.current);
    // Wait for a pause in typing so every keystroke does not hit the server.
    timer.current = setTimeout(async () => {
      controller.current?.abort();
      const current = new AbortController();
      controller.current = current;
      setLoading(true);
      try {
        const filters = source === TREE_SEARCH ? { includeInactive: props.includeInactive ?? false } : {};
        const page = await api.get<Page<T>>(source, {
          query: { q: query.trim(), ...filters, page: 1, pageSize: 30 },
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

  // A preset value (from the address bar) gets its name from the tree when no label was given.
  const [presetLabel, setPresetLabel] = useState<string | null>(null);
  const { value, initialLabel } = props;
  useEffect(() => {
    if (!value || initialLabel) return;
    let alive = true;
    api
      .get<{ name: string }>(`/api/orgs/${value}`, { quiet: true })
      .then((unit) => alive && setPresetLabel(unit.name))
      .catch(() => undefined);
    return () => {
      alive = false;
    };
  }, [value, initialLabel]);

  const excluded = new Set(props.excludeIds ?? []);
  const options: Array<{ value: string; label: string; hit?: T }> = hits
    .filter((hit) => !excluded.has(hit.id))
    .map((hit) => ({ value: hit.id, label: hit.name, hit }));
  const label = initialLabel ?? presetLabel;
  if (value && label && !options.some((option) => option.value === value)) options.unshift({ value, label });

  return (
    <Select
      id={props.id}
      data-testid={props['data-testid']}
      disabled={props.disabled}
      showSearch={{ filterOption: false, onSearch: search }}
      allowClear={props.allowClear ?? true}
      value={value ?? undefined}
      placeholder={props.placeholder ?? t('orgs.unitSelectPlaceholder')}
      notFoundContent={loading ? t('common.loading') : (props.emptyText ?? t('orgs.unitSelectEmpty'))}
      loading={loading}
      style={{ minWidth: 260, ...props.style }}
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
      onChange={(picked: string | undefined) => {
        props.onChange?.(picked ?? null, hits.find((hit) => hit.id === picked) ?? null);
      }}
    />
  );
}
