import { Form, InputNumber, Radio, Select, Typography } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { UnitSelect } from '../../../orgs/web';
import type { PlaceholderFields } from './editorState';
import { IndicatorSelect } from './IndicatorSelect';
import type { IndicatorCatalog } from './useIndicatorCatalog';

type ScopeKind = 'authorPost' | 'supervisedUnits' | 'unit';
const scopeKindOf = (scope: string): ScopeKind =>
  scope === 'authorPost' || scope === 'supervisedUnits' ? scope : 'unit';

/** Field errors by field name (indicatorKey, group, scope, period, …). */
export type FieldErrors = Partial<Record<string, string>>;

/**
 * The fields of a placeholder: indicator, group (grouped indicators), scope, period and — for figures in a
 * paragraph (`figure`) — how several posts combine, the number style and decimals.
 */
export function PlaceholderFieldsForm(props: {
  catalog: IndicatorCatalog;
  value: PlaceholderFields;
  onChange: (value: PlaceholderFields) => void;
  errors?: FieldErrors;
  figure: boolean;
}) {
  const { t } = useTranslation();
  const { catalog, value, onChange, errors = {} } = props;
  const set = (patch: Partial<PlaceholderFields>) => onChange({ ...value, ...patch });
  const indicator = value.indicatorKey ? catalog.find(value.indicatorKey) : undefined;
  const groups = value.indicatorKey ? catalog.groupsOf(value.indicatorKey) : [];
  const { loadGroups } = catalog;
  useEffect(() => {
    if (value.indicatorKey) loadGroups([value.indicatorKey]);
  }, [value.indicatorKey, loadGroups]);

  const item = (field: string) =>
    errors[field] ? { validateStatus: 'error' as const, help: errors[field] } : {};
  const scopeKind = scopeKindOf(value.scope);
  const groupOptions = [
    ...(groups ?? []).map((group) => ({ value: group.key, label: group.label })),
    // A group kept in the template but not offered today stays visible.
    ...(value.group && groups && !groups.some((g) => g.key === value.group)
      ? [{ value: value.group, label: value.group }]
      : []),
  ];
  const k = 'reports.dutyTemplate';

  return (
    <Form layout="vertical" component="div" className="placeholder-fields">
      <Form.Item label={t(`${k}.indicator`)} required {...item('indicatorKey')}>
        <IndicatorSelect
          catalog={catalog}
          value={value.indicatorKey}
          status={errors.indicatorKey ? 'error' : undefined}
          onChange={(indicatorKey) => set({ indicatorKey, group: undefined })}
        />
        {indicator && (
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {indicator.key} · {t(`${k}.measureUnit`, { unit: indicator.unit })}
          </Typography.Text>
        )}
      </Form.Item>
      {(groupOptions.length > 0 || groups === undefined) && value.indicatorKey && (
        <Form.Item label={t(`${k}.group`)} {...item('group')}>
          <Select
            data-testid="group-select"
            allowClear
            loading={groups === undefined}
            placeholder={groups === undefined ? t(`${k}.groupLoading`) : t(`${k}.groupAll`)}
            value={value.group}
            onChange={(group?: string) => set({ group })}
            options={groupOptions}
          />
        </Form.Item>
      )}
      <Form.Item label={t(`${k}.scope`)} required {...item('scope')}>
        <Radio.Group
          data-testid="scope-radio"
          value={scopeKind}
          onChange={(event) => {
            const kind = event.target.value as ScopeKind;
            set({ scope: kind === 'unit' ? '' : kind });
          }}
          options={(['authorPost', 'supervisedUnits', 'unit'] as const).map((kind) => ({
            value: kind,
            label: t(`${k}.scopes.${kind}`),
          }))}
        />
        {scopeKind === 'unit' && (
          <div style={{ marginTop: 8 }}>
            <UnitSelect
              value={value.scope || null}
              placeholder={t(`${k}.scopeUnit`)}
              onChange={(unitId) => set({ scope: unitId ?? '' })}
              style={{ width: '100%' }}
            />
          </div>
        )}
      </Form.Item>
      <Form.Item label={t(`${k}.period`)} required {...item('period')}>
        <Radio.Group
          value={value.period}
          onChange={(event) => set({ period: event.target.value })}
          options={(['reportYear', 'postPeriod'] as const).map((period) => ({
            value: period,
            label: t(`${k}.periods.${period}`),
          }))}
        />
      </Form.Item>
      {props.figure && (
        <>
          <Form.Item label={t(`${k}.combine`)} {...item('combine')}>
            <Select
              value={value.combine ?? 'sum'}
              onChange={(combine) => set({ combine })}
              options={(['sum', 'last', 'perPost'] as const).map((combine) => ({
                value: combine,
                label: t(`${k}.combines.${combine}`),
              }))}
            />
          </Form.Item>
          <Form.Item label={t(`${k}.rounding`)} {...item('rounding')}>
            <Radio.Group
              value={value.rounding ?? 'exact'}
              onChange={(event) => set({ rounding: event.target.value })}
              options={(['exact', 'approx'] as const).map((rounding) => ({
                value: rounding,
                label: t(`${k}.roundings.${rounding}`),
              }))}
            />
          </Form.Item>
          <Form.Item label={t(`${k}.decimals`)} extra={t(`${k}.decimalsHint`)} {...item('decimals')}>
            <InputNumber
              min={0}
              max={4}
              precision={0}
              value={value.decimals ?? null}
              placeholder="1"
              onChange={(decimals) => set({ decimals: decimals ?? undefined })}
            />
          </Form.Item>
        </>
      )}
    </Form>
  );
}
