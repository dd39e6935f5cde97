import type { TFunction } from 'i18next';
import { lastDayOf, type Period, selectionOf } from '../../../platform/indicators/period';

const numberFormat = new Intl.NumberFormat('zh-CN', { maximumFractionDigits: 2 });

/** A figure as text; null is "no data" and never shown as 0. */
export function formatValue(value: number | null, t: TFunction): string {
  return value === null ? t('reports.noData') : numberFormat.format(value);
}

/** The period as people write it, in the UI language. */
export function describePeriod(period: Period, t: TFunction): string {
  const selection = selectionOf(period);
  switch (selection.kind) {
    case 'year':
      return t('reports.periodYear', { year: selection.year });
    case 'quarter':
      return t('reports.periodQuarter', { year: selection.year, quarter: selection.quarter });
    case 'month':
      return t('reports.periodMonth', { year: selection.year, month: selection.month });
    case 'custom':
      return t('reports.periodCustom', { from: period.from, to: lastDayOf(period) });
  }
}
