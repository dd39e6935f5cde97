import { CheckCircleTwoTone, CloseCircleTwoTone, ExportOutlined } from '@ant-design/icons';
import {
  Alert,
  Button,
  Card,
  Col,
  Collapse,
  Empty,
  Row,
  Space,
  Spin,
  Statistic,
  Table,
  Tag,
  Typography,
} from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, download } from '../../../web/api/client';
import { UnitSelect } from '../../orgs/web';
import type { FigureView, GroupStats, OverviewView, RollupRow, TermItem } from '../contract';
import { comparatorSymbols } from '../metrics';

/** A figure's value with its unit, or a dash for "no data" (never 0). */
export function formatValue(value: number | null | undefined, unit = ''): string {
  if (value === null || value === undefined) return '—';
  return `${value}${unit === '个' || unit === '人' ? '' : unit}`;
}

function FigureCard({ figure, testId }: { figure: FigureView | undefined; testId: string }) {
  const { t } = useTranslation();
  if (!figure) return null;
  return (
    <Card size="small" data-testid={testId}>
      <Statistic
        title={figure.name}
        value={figure.value ?? '—'}
        suffix={figure.value === null ? undefined : figure.unit}
      />
      {figure.breakdown && figure.key !== 'elections.committee.education' && (
        <Space size={4} wrap style={{ marginTop: 4 }}>
          {figure.breakdown.map((group) => (
            <Tag key={group.key}>
              {t('elections.overview.groupValue', {
                label: group.label,
                value: formatValue(group.value, figure.unit === '个' ? '' : figure.unit),
              })}
            </Tag>
          ))}
        </Space>
      )}
    </Card>
  );
}

function statColumns(
  t: (key: string) => string,
  kind: 'gacha' | 'community',
): ColumnsType<RollupRow>[number] {
  const pick = (row: RollupRow): GroupStats => row[kind];
  return {
    title: t(`elections.overview.${kind}`),
    children: [
      {
        title: t('elections.overview.units'),
        width: 70,
        align: 'right',
        render: (_, row) => pick(row).units,
      },
      {
        title: t('elections.overview.elected'),
        width: 80,
        align: 'right',
        render: (_, row) => pick(row).elected,
      },
      {
        title: t('elections.overview.dualRoleCount'),
        width: 80,
        align: 'right',
        render: (_, row) => pick(row).dualRoleCount,
      },
      {
        title: t('elections.overview.dualRoleRate'),
        width: 90,
        align: 'right',
        render: (_, row) => formatValue(pick(row).dualRoleRate, '%'),
      },
      {
        title: t('elections.overview.crossRate'),
        width: 90,
        align: 'right',
        render: (_, row) => formatValue(pick(row).crossRate, '%'),
      },
      {
        title: t('elections.overview.womenShare'),
        width: 80,
        align: 'right',
        render: (_, row) => formatValue(pick(row).womenShare, '%'),
      },
    ],
  };
}

/** The elections overview: indicator figures, roll-up per 苏木镇, term warnings and targets. */
export default function OverviewPanel() {
  const { t } = useTranslation();
  const [unitId, setUnitId] = useState<string | null>(null);
  const [data, setData] = useState<OverviewView | null>(null);
  const [loading, setLoading] = useState(true);

  useEffect(() => {
    const controller = new AbortController();
    setLoading(true);
    api
      .get<OverviewView>('/api/elections/overview', { query: { unitId }, signal: controller.signal })
      .then(setData)
      .catch(() => {
        // Shown by the central handler.
      })
      .finally(() => {
        if (!controller.signal.aborted) setLoading(false);
      });
    return () => controller.abort();
  }, [unitId]);

  const figure = (key: string) => data?.figures.find((f) => f.key === key);
  const education = figure('elections.committee.education');
  const columns: ColumnsType<RollupRow> = [
    { title: t('elections.overview.township'), dataIndex: 'townshipName', fixed: 'left', width: 140 },
    statColumns(t, 'gacha'),
    statColumns(t, 'community'),
  ];
  const termColumns: ColumnsType<TermItem> = [
    {
      title: t('elections.fields.unit'),
      dataIndex: 'unitName',
      render: (name: string, item) =>
        item.electionId ? <Link to={`/elections/${item.electionId}`}>{name}</Link> : name,
    },
    {
      title: t('elections.overview.township'),
      dataIndex: 'townshipName',
      render: (v: string | null) => v ?? '—',
    },
    { title: t('elections.fields.termEnd'), dataIndex: 'termEnd', width: 120 },
    {
      title: t('elections.fields.termStatus'),
      dataIndex: 'status',
      width: 110,
      render: (status: TermItem['status']) => (
        <Tag color={status === 'expired' ? 'red' : 'orange'}>{t(`elections.termStatus.${status}`)}</Tag>
      ),
    },
  ];

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Space wrap>
        <UnitSelect
          value={unitId}
          onChange={(value) => setUnitId(value)}
          placeholder={t('elections.scopeFilter')}
          style={{ width: 300 }}
          data-testid="elections-overview-unit"
        />
        <Button
          icon={<ExportOutlined />}
          onClick={() =>
            download('/api/elections/overview/export', {
              query: { unitId },
              fallbackName: t('elections.overview.exportFileName'),
            })
          }
        >
          {t('elections.overview.export')}
        </Button>
        {loading && data && <Spin size="small" />}
        {data && (
          <Typography.Text type="secondary">
            {t('elections.overview.asOf', {
              date: data.asOf,
              round: data.currentRound ?? '—',
            })}
          </Typography.Text>
        )}
      </Space>
      <Spin spinning={loading && !data}>
        {!data && <div style={{ minHeight: 240 }} />}
        {data && (
          <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
            <Row gutter={[12, 12]}>
              {[
                'elections.completed',
                'elections.dualRole.count',
                'elections.dualRole.rate',
                'elections.crossAppointment.rate',
                'elections.committee.averageAge',
                'elections.committee.womenShare',
                'elections.committee.collegeShare',
                'elections.terms.due',
              ].map((key) => (
                <Col key={key} xs={24} sm={12} lg={6}>
                  <FigureCard figure={figure(key)} testId={`figure-${key}`} />
                </Col>
              ))}
            </Row>
            {education?.breakdown && (
              <Card size="small" title={education.name}>
                <Space wrap>
                  {education.breakdown
                    .filter((g) => (g.value ?? 0) > 0)
                    .map((g) => (
                      <Tag key={g.key} color="blue">
                        {t('elections.overview.groupValue', { label: g.label, value: g.value })}
                      </Tag>
                    ))}
                </Space>
              </Card>
            )}
            <Card size="small" title={t('elections.overview.rollupTitle')}>
              <Table<RollupRow>
                rowKey={(row) => row.townshipId ?? 'direct'}
                size="small"
                bordered
                pagination={false}
                columns={columns}
                dataSource={data.rollup}
                scroll={{ x: 1100 }}
                data-testid="elections-rollup"
                summary={() => (
                  <Table.Summary.Row>
                    <Table.Summary.Cell index={0}>
                      <Typography.Text strong>{t('elections.overview.total')}</Typography.Text>
                    </Table.Summary.Cell>
                    {(['gacha', 'community'] as const).flatMap((kind, k) => {
                      const s = data.total[kind];
                      const cells = {
                        units: s.units,
                        elected: s.elected,
                        dualRoleCount: s.dualRoleCount,
                        dualRoleRate: formatValue(s.dualRoleRate, '%'),
                        crossRate: formatValue(s.crossRate, '%'),
                        womenShare: formatValue(s.womenShare, '%'),
                      };
                      return Object.entries(cells).map(([name, value], i) => (
                        <Table.Summary.Cell key={`${kind}-${name}`} index={1 + k * 6 + i} align="right">
                          <Typography.Text strong>{value}</Typography.Text>
                        </Table.Summary.Cell>
                      ));
                    })}
                  </Table.Summary.Row>
                )}
                locale={{ emptyText: <Empty description={t('elections.overview.noUnits')} /> }}
              />
            </Card>
            <Card
              size="small"
              title={t('elections.overview.termsTitle', { months: data.settings.warningMonths })}
              extra={<Link to="/elections/terms">{t('elections.overview.allTerms')}</Link>}
            >
              {data.terms.counts.expired + data.terms.counts.expiring > 0 && (
                <Alert
                  type={data.terms.counts.expired > 0 ? 'error' : 'warning'}
                  showIcon
                  style={{ marginBottom: 12 }}
                  title={t('elections.overview.termsAlert', data.terms.counts)}
                />
              )}
              <Table<TermItem>
                rowKey="unitId"
                size="small"
                pagination={false}
                columns={termColumns}
                dataSource={data.terms.soonest}
                locale={{ emptyText: <Empty description={t('elections.overview.noTermsDue')} /> }}
              />
            </Card>
            <Card
              size="small"
              title={t('elections.overview.targetsTitle')}
              extra={<Link to="/elections/targets">{t('elections.overview.manageTargets')}</Link>}
            >
              {data.targets.length === 0 ? (
                <Empty description={t('elections.overview.noTargets')} />
              ) : (
                <Collapse
                  data-testid="elections-targets"
                  items={data.targets.map((target) => ({
                    key: target.id,
                    label: (
                      <Space wrap>
                        {target.met ? (
                          <CheckCircleTwoTone twoToneColor="#52c41a" />
                        ) : (
                          <CloseCircleTwoTone twoToneColor="#ff4d4f" />
                        )}
                        <Typography.Text strong>{target.name}</Typography.Text>
                        <Typography.Text type="secondary">
                          {t('elections.overview.targetRule', {
                            indicator: target.indicatorName,
                            comparator: comparatorSymbols[target.comparator],
                            threshold: target.threshold,
                            unit: target.indicatorUnit,
                          })}
                        </Typography.Text>
                        <Tag color={target.met ? 'green' : 'red'}>
                          {target.met ? t('elections.overview.met') : t('elections.overview.notMet')}
                        </Tag>
                        <Typography.Text>
                          {t('elections.overview.targetValue', {
                            value: formatValue(target.value, target.indicatorUnit),
                            missing: target.missing.length,
                            units: target.units,
                          })}
                        </Typography.Text>
                      </Space>
                    ),
                    children:
                      target.missing.length === 0 ? (
                        <Typography.Text type="secondary">
                          {t('elections.overview.noneMissing')}
                        </Typography.Text>
                      ) : (
                        <Space wrap size={[4, 8]}>
                          {target.missing.map((m) => (
                            <Tag key={m.unitId}>
                              {m.townshipName ? `${m.townshipName} · ` : ''}
                              {m.unitName}
                              {`（${formatValue(m.value, target.indicatorUnit)}）`}
                            </Tag>
                          ))}
                        </Space>
                      ),
                  }))}
                />
              )}
              <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
                {t('elections.overview.targetsNote')}
              </Typography.Paragraph>
            </Card>
          </Space>
        )}
      </Spin>
    </Space>
  );
}
