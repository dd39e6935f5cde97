import { Select, Typography } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { IndicatorCatalog } from './useIndicatorCatalog';

/** A searchable indicator picker (name or key), grouped by module with Chinese module names. */
export function IndicatorSelect(props: {
  catalog: IndicatorCatalog;
  value: string;
  onChange: (key: string) => void;
  status?: 'error';
  id?: string;
}) {
  const { t } = useTranslation();
  const { catalog, value } = props;
  const options = useMemo(() => {
    const modules = new Map<string, typeof catalog.indicators>();
    for (const indicator of catalog.indicators) {
      modules.set(indicator.module, [...(modules.get(indicator.module) ?? []), indicator]);
    }
    const groups = [...modules.entries()].map(([module, list]) => ({
      label: t(`reports.modules.${module}`, { defaultValue: module }),
      title: module,
      options: list.map((indicator) => ({
        value: indicator.key,
        label: indicator.name,
        search: `${indicator.name} ${indicator.key}`.toLowerCase(),
        key: indicator.key,
      })),
    }));
    // A key kept in the template that no module registers (yet) stays visible and choosable.
    if (value && !catalog.loading && !catalog.find(value)) {
      const label = t('reports.dutyTemplate.indicatorUnknown', { key: value });
      groups.push({
        label: '—',
        title: 'unknown',
        options: [{ value, label, search: value.toLowerCase(), key: value }],
      });
    }
    return groups;
  }, [catalog, value, t]);

  return (
    <Select
      id={props.id}
      data-testid="indicator-select"
      value={value || undefined}
      onChange={props.onChange}
      status={props.status}
      loading={catalog.loading}
      placeholder={t('reports.dutyTemplate.indicatorSearch')}
      showSearch={{
        filterOption: (input, option) =>
          String((option as { search?: string } | undefined)?.search ?? '').includes(
            input.trim().toLowerCase(),
          ),
      }}
      options={options}
      optionRender={(option) => (
        <span>
          {option.label}{' '}
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {String(option.value)}
          </Typography.Text>
        </span>
      )}
      style={{ width: '100%' }}
      listHeight={320}
    />
  );
}
