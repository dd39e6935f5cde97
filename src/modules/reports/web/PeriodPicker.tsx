import { DatePicker, Segmented, Space, Tooltip } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import {
  addDays,
  lastDayOf,
  type PeriodKind,
  type PeriodSelection,
  periodOf,
} from '../../../platform/indicators/period';

export interface PeriodPickerProps {
  value: PeriodSelection;
  onChange: (selection: PeriodSelection) => void;
}

const kinds: PeriodKind[] = ['year', 'quarter', 'month', 'custom'];

/** Picks a calendar year, quarter, month or custom range; the result is always a half-open period. */
export function PeriodPicker({ value, onChange }: PeriodPickerProps) {
  const { t } = useTranslation();
  const period = periodOf(value);
  const start = dayjs(period.from);

  const switchKind = (kind: PeriodKind) => {
    // Keep the start of the current period so switching kinds stays near the same dates.
    const year = start.year();
    const month = start.month() + 1;
    if (kind === 'year') onChange({ kind, year });
    else if (kind === 'quarter') onChange({ kind, year, quarter: Math.floor((month - 1) / 3) + 1 });
    else if (kind === 'month') onChange({ kind, year, month });
    else onChange({ kind, from: period.from, to: period.to });
  };

  const pick = (date: Dayjs | null) => {
    if (!date) return;
    if (value.kind === 'year') onChange({ kind: 'year', year: date.year() });
    if (value.kind === 'quarter')
      onChange({ kind: 'quarter', year: date.year(), quarter: Math.floor(date.month() / 3) + 1 });
    if (value.kind === 'month') onChange({ kind: 'month', year: date.year(), month: date.month() + 1 });
  };

  return (
    <Space wrap data-testid="period-picker">
      <Segmented<PeriodKind>
        value={value.kind}
        onChange={switchKind}
        options={kinds.map((kind) => ({ value: kind, label: t(`reports.periodKinds.${kind}`) }))}
      />
      {value.kind === 'custom' ? (
        <Tooltip title={t('reports.periodHint')}>
          <DatePicker.RangePicker
            allowClear={false}
            value={[dayjs(period.from), dayjs(lastDayOf(period))]}
            onChange={(range) => {
              const [from, to] = range ?? [];
              if (!from || !to) return;
              // The picker shows the last day included; the period ends the day after it.
              const fromDate = from.format('YYYY-MM-DD');
              onChange({ kind: 'custom', from: fromDate, to: addDays(to.format('YYYY-MM-DD'), 1) });
            }}
          />
        </Tooltip>
      ) : (
        <DatePicker
          allowClear={false}
          picker={value.kind}
          value={start}
          onChange={pick}
          data-testid="period-date"
        />
      )}
    </Space>
  );
}
