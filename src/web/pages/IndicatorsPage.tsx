import { CalculatorOutlined } from '@ant-design/icons';
import { Button, Card, DatePicker, Empty, Space, Table, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { UnitSelect } from '../../modules/orgs/web';
import { api } from '../api/client';
import type { Indicator, IndicatorValue } from '../api/types';

/** The indicator registry (/indicators): every registered indicator, computed on demand for a unit and period. */
export default function IndicatorsPage() {
  const { t } = useTranslation();
  const [indicators, setIndicators] = useState<Indicator[] | null>(null);
  const [unitId, setUnitId] = useState<string | null>(null);
  const [range, setRange] = useState<[Dayjs | null, Dayjs | null] | null>(null);
  const [values, setValues] = useState<Record<string, IndicatorValue>>({});
  const [computing, setComputing] = useState<string | null>(null);

  useEffect(() => {
    api
      .get<Indicator[]>('/api/indicators')
      .then(setIndicators)
      .catch(() => setIndicators([]));
  }, []);

  // A different unit or period makes earlier figures meaningless.
  // biome-ignore lint/correctness/useExhaustiveDependencies: unit and period are the reset triggers.
  useEffect(() => {
    setValues({});
  }, [unitId, range]);

  const compute = async (key: string) => {
    setComputing(key);
    try {
      const [from, to] = range ?? [null, null];
      const value = await api.get<IndicatorValue>(`/api/indicators/${encodeURIComponent(key)}`, {
        query: { unitId, from: from?.startOf('day').toISOString(), to: to?.endOf('day').toISOString() },
      });
      setValues((previous) => ({ ...previous, [key]: value }));
    } catch {
      // Shown by the central handler.
    } finally {
      setComputing(null);
    }
  };

  return (
    <Card title={t('indicators.title')}>
      <Space wrap style={{ marginBottom: 16 }}>
        <UnitSelect
          value={unitId}
          onChange={(value) => setUnitId(value)}
          placeholder={t('indicators.unitPlaceholder')}
          style={{ width: 280 }}
        />
        <DatePicker.RangePicker value={range} onChange={(next) => setRange(next)} />
      </Space>
      <Table<Indicator>
        rowKey="key"
        loading={indicators === null}
        dataSource={indicators ?? []}
        pagination={{
          pageSize: 20,
          hideOnSinglePage: true,
          showTotal: (total) => t('common.total', { total }),
        }}
        locale={{ emptyText: <Empty description={t('indicators.empty')} /> }}
        columns={[
          { title: t('indicators.name'), dataIndex: 'name' },
          {
            title: t('indicators.key'),
            dataIndex: 'key',
            render: (key: string) => <Typography.Text code>{key}</Typography.Text>,
          },
          { title: t('indicators.module'), dataIndex: 'module', width: 120 },
          {
            title: t('indicators.value'),
            key: 'value',
            width: 220,
            render: (_, indicator) => {
              const value = values[indicator.key];
              if (!value) return '—';
              return (
                <span>
                  <Typography.Text strong>{value.value}</Typography.Text> {value.unit}
                  <Typography.Text type="secondary" style={{ marginInlineStart: 8 }}>
                    {t('indicators.evidence', { count: value.evidence.count })}
                  </Typography.Text>
                </span>
              );
            },
          },
          {
            title: t('common.actions'),
            key: 'actions',
            width: 110,
            render: (_, indicator) => (
              <Button
                size="small"
                icon={<CalculatorOutlined />}
                loading={computing === indicator.key}
                onClick={() => void compute(indicator.key)}
              >
                {t('indicators.compute')}
              </Button>
            ),
          },
        ]}
      />
    </Card>
  );
}
