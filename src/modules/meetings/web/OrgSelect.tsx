import { Select, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../../web/api/client';
import type { Page } from '../../../web/api/types';
import type { PartyOrg } from './types';

export interface OrgSelectProps {
  value?: string | null;
  onChange?: (unitId: string | null, org: PartyOrg | null) => void;
  /** Label of a preset value before the user searches. */
  initialLabel?: string;
  placeholder?: string;
  style?: React.CSSProperties;
  id?: string;
  disabled?: boolean;
  allowClear?: boolean;
  'data-testid'?: string;
}

/** A searchable picker of the Party organisations in scope (name or pinyin), with each one's path. */
export function OrgSelect(props: OrgSelectProps) {
  const { t } = useTranslation();
  const [hits, setHits] = useState<PartyOrg[]>([]);
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
        const page = await api.get<Page<PartyOrg>>('/api/meetings/units', {
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

  const options: Array<{ value: string; label: string; hit?: PartyOrg }> = hits.map((hit) => ({
    value: hit.id,
    label: hit.name,
    hit,
  }));
  const label = props.initialLabel ?? presetLabel;
  if (props.value && label && !options.some((o) => o.value === props.value))
    options.unshift({ value: props.value, label });

  return (
    <Select
      id={props.id}
      data-testid={props['data-testid']}
      disabled={props.disabled}
      showSearch={{ filterOption: false, onSearch: search }}
      allowClear={props.allowClear ?? true}
      value={props.value ?? undefined}
      placeholder={props.placeholder ?? t('meetings.form.unitPlaceholder')}
      notFoundContent={loading ? t('common.loading') : null}
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
      onChange={(value: string | undefined) => {
        props.onChange?.(value ?? null, hits.find((hit) => hit.id === value) ?? null);
      }}
    />
  );
}
