import { ExportOutlined, LockOutlined, ReloadOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Space, Tabs, Tooltip, Typography } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type PeriodSelection, periodOf } from '../../../platform/indicators/period';
import { todayInChina } from '../../../platform/time';
import { api, download } from '../../../web/api/client';
import type { Unit } from '../../../web/api/types';
import { useAccess } from '../../../web/session';
import { UnitSelect } from '../../orgs/web';
import type { FiguresResult, FrozenFigure, SnapshotDetail, SnapshotView } from '../contract';
import { type DrillTarget, EvidenceDrawer } from './EvidenceDrawer';
import { FiguresTable, type FigureRowData } from './FiguresTable';
import { FreezeSnapshotModal, type FreezeTarget } from './FreezeSnapshotModal';
import { describePeriod } from './format';
import { PeriodPicker } from './PeriodPicker';
import { SnapshotList } from './SnapshotList';

function liveRows(result: FiguresResult | null): FigureRowData[] {
  return (result?.items ?? []).map((item) => ({
    key: item.key,
    name: item.name,
    unit: item.unit,
    module: item.module,
    description: item.description,
    value: item.value,
    failed: item.failed,
    count: item.evidence.count,
    groups:
      item.breakdown?.map((group) => ({
        key: group.key,
        label: group.label,
        value: group.value,
        count: group.evidence.count,
      })) ?? null,
  }));
}

function frozenRows(snapshot: SnapshotDetail): FigureRowData[] {
  return snapshot.values.map((item) => ({
    key: item.key,
    name: item.name,
    unit: item.unit,
    module: item.module,
    description: item.description,
    value: item.value,
    failed: false,
    count: item.evidence.count,
    live: item.live,
    groupCount: item.groupCount,
    groups:
      item.breakdown?.map((group) => ({
        key: group.key,
        label: group.label,
        value: group.value,
        count: group.evidence.count,
        live: group.live,
      })) ?? null,
  }));
}

/**
 * The indicator browser (/reports/indicators): every registered indicator for a chosen scope and period,
 * grouped by module, each figure drilling down to the records it counted; snapshots frozen and compared.
 */
export default function IndicatorBrowserPage() {
  const { t } = useTranslation();
  const access = useAccess();
  const [unit, setUnit] = useState<{ id: string; name: string } | null>(null);
  const [rootsLoaded, setRootsLoaded] = useState(false);
  const [selection, setSelection] = useState<PeriodSelection>(() => ({
    kind: 'year',
    year: Number(todayInChina().slice(0, 4)),
  }));
  const period = useMemo(() => periodOf(selection), [selection]);
  const periodText = describePeriod(period, t);
  const [live, setLive] = useState<FiguresResult | null>(null);
  const [loading, setLoading] = useState(false);
  const [reloadToken, setReloadToken] = useState(0);
  const [tab, setTab] = useState('figures');
  const [snapshot, setSnapshot] = useState<SnapshotDetail | null>(null);
  const [snapshotLoading, setSnapshotLoading] = useState(false);
  const [snapshotVersion, setSnapshotVersion] = useState(0);
  const [comparing, setComparing] = useState(false);
  const shownSnapshot = useRef<string | null>(null);
  const [drill, setDrill] = useState<DrillTarget | null>(null);
  const [freezeTarget, setFreezeTarget] = useState<FreezeTarget | null>(null);

  // Start at the top of the viewer's scope when it is one unit, so a snapshot can be frozen right away.
  useEffect(() => {
    api
      .get<Unit[]>('/api/orgs/roots')
      .then((roots) => {
        if (roots.length === 1) setUnit({ id: roots[0]!.id, name: roots[0]!.name });
      })
      .catch(() => {
        // Shown by the central handler; the whole scope is still browsable.
      })
      .finally(() => setRootsLoaded(true));
  }, []);

  // biome-ignore lint/correctness/useExhaustiveDependencies: reloadToken is the recompute trigger.
  useEffect(() => {
    if (!rootsLoaded) return;
    const controller = new AbortController();
    setLoading(true);
    api
      .get<FiguresResult>('/api/reports/indicators', {
        query: { unitId: unit?.id, from: period.from, to: period.to },
        signal: controller.signal,
      })
      .then(setLive)
      .catch(() => {
        if (!controller.signal.aborted) setLive(null);
      })
      .finally(() => {
        if (!controller.signal.aborted) setLoading(false);
      });
    return () => controller.abort();
  }, [rootsLoaded, unit?.id, period.from, period.to, reloadToken]);

  // The frozen figures show at once; the live values beside them (as costly as the dashboard) follow.
  const viewSnapshot = async (view: Pick<SnapshotView, 'id'>) => {
    setSnapshotLoading(true);
    setTab('figures');
    setComparing(false);
    shownSnapshot.current = view.id;
    try {
      setSnapshot(await api.get<SnapshotDetail>(`/api/reports/snapshots/${view.id}`));
    } catch {
      return; // Shown by the central handler.
    } finally {
      setSnapshotLoading(false);
    }
    setComparing(true);
    try {
      const withLive = await api.get<SnapshotDetail>(`/api/reports/snapshots/${view.id}`, {
        query: { live: 'true' },
      });
      if (shownSnapshot.current === view.id) setSnapshot(withLive);
    } catch {
      // Shown by the central handler; the frozen figures stay.
    } finally {
      if (shownSnapshot.current === view.id) setComparing(false);
    }
  };

  // A snapshot read lists the first groups of each figure; the rest come when asked for, with their
  // live values once the live comparison has been made.
  const showAllGroups = async (figure: FigureRowData) => {
    if (!snapshot) return;
    const id = snapshot.id;
    try {
      const whole = await api.get<FrozenFigure>(`/api/reports/snapshots/${id}/figure`, {
        query: { key: figure.key, live: snapshot.liveComputedAt ? 'true' : undefined },
      });
      setSnapshot((current) =>
        current?.id === id
          ? { ...current, values: current.values.map((value) => (value.key === whole.key ? whole : value)) }
          : current,
      );
    } catch {
      // Shown by the central handler; the first groups stay.
    }
  };

  const scopeName = unit?.name ?? t('reports.wholeScope');

  const openDrill = (figure: FigureRowData, group: { key: string; label: string } | null) => {
    if (snapshot) {
      setDrill({
        name: figure.name,
        group,
        url: `/api/reports/snapshots/${snapshot.id}/evidence`,
        query: { key: figure.key, group: group?.key },
        scopeName: snapshot.unitPathNames,
        periodText: describePeriod(snapshot.period, t),
        snapshotLabel: snapshot.label,
      });
      return;
    }
    setDrill({
      name: figure.name,
      group,
      url: `/api/reports/indicators/${encodeURIComponent(figure.key)}/evidence`,
      query: { unitId: unit?.id, from: period.from, to: period.to, group: group?.key },
      scopeName: live?.unit?.pathNames ?? scopeName,
      periodText,
    });
  };

  const exportTable = () => {
    if (snapshot) {
      void download(`/api/reports/snapshots/${snapshot.id}/export`, {
        fallbackName: t('reports.exportFileName'),
      }).catch(() => undefined);
      return;
    }
    void download('/api/reports/indicators/export', {
      query: { unitId: unit?.id, from: period.from, to: period.to },
      fallbackName: t('reports.exportFileName'),
    }).catch(() => undefined);
  };

  const freezeButton = access.canSnapshotReports && (
    <Tooltip title={unit ? undefined : t('reports.freezeNeedsUnit')}>
      <Button
        icon={<LockOutlined />}
        disabled={!unit}
        onClick={() => unit && setFreezeTarget({ unitId: unit.id, unitName: scopeName, period, periodText })}
        data-testid="freeze-snapshot"
      >
        {t('reports.freeze')}
      </Button>
    </Tooltip>
  );

  const figuresTab = (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      {snapshot && (
        <Alert
          type="warning"
          showIcon
          icon={<LockOutlined />}
          data-testid="snapshot-banner"
          title={t('reports.viewingSnapshot', { label: snapshot.label })}
          description={
            <Space orientation="vertical" size={0}>
              {t('reports.viewingSnapshotDetail', {
                scope: snapshot.unitPathNames,
                period: describePeriod(snapshot.period, t),
                time: dayjs(snapshot.createdAt).format('YYYY-MM-DD HH:mm'),
                by: snapshot.createdByName,
              })}
              {comparing && (
                <Typography.Text type="secondary" data-testid="snapshot-comparing">
                  {t('reports.comparingLive')}
                </Typography.Text>
              )}
            </Space>
          }
          action={
            <Button
              size="small"
              onClick={() => {
                // Live figures may have moved on while the snapshot was open: compute them again.
                shownSnapshot.current = null;
                setComparing(false);
                setSnapshot(null);
                setReloadToken((token) => token + 1);
              }}
              data-testid="back-to-live"
            >
              {t('reports.backToLive')}
            </Button>
          }
        />
      )}
      {!snapshot && (
        <Typography.Text type="secondary">
          {t('reports.drillHint')}
          {live &&
            ` · ${t('reports.computedAt', { time: dayjs(live.computedAt).format('YYYY-MM-DD HH:mm:ss') })}`}
        </Typography.Text>
      )}
      <FiguresTable
        figures={snapshot ? frozenRows(snapshot) : liveRows(live)}
        loading={snapshot ? snapshotLoading : loading || !rootsLoaded}
        frozenAt={snapshot?.createdAt}
        onDrill={openDrill}
        onShowAllGroups={snapshot ? showAllGroups : undefined}
      />
    </Space>
  );

  return (
    <Card title={t('reports.title')}>
      <Space wrap style={{ marginBottom: 8 }} align="center">
        <UnitSelect
          value={unit?.id ?? null}
          initialLabel={unit?.name}
          onChange={(id, hit) => {
            setSnapshot(null);
            setUnit(id && hit ? { id, name: hit.name } : null);
          }}
          placeholder={t('reports.scopePlaceholder')}
          style={{ width: 260 }}
          data-testid="reports-unit"
        />
        <PeriodPicker
          value={selection}
          onChange={(next) => {
            setSnapshot(null);
            setSelection(next);
          }}
        />
        <Button
          icon={<ReloadOutlined />}
          onClick={() => {
            setSnapshot(null);
            setReloadToken((token) => token + 1);
          }}
        >
          {t('reports.refresh')}
        </Button>
        <Button icon={<ExportOutlined />} onClick={exportTable} data-testid="reports-export">
          {snapshot ? t('reports.exportSnapshot') : t('reports.export')}
        </Button>
        {freezeButton}
      </Space>
      <Tabs
        activeKey={tab}
        onChange={setTab}
        items={[
          { key: 'figures', label: t('reports.tabFigures'), children: figuresTab },
          {
            key: 'snapshots',
            label: t('reports.tabSnapshots'),
            children: (
              <SnapshotList unitId={unit?.id ?? null} version={snapshotVersion} onView={viewSnapshot} />
            ),
          },
        ]}
      />
      <EvidenceDrawer target={drill} onClose={() => setDrill(null)} />
      <FreezeSnapshotModal
        target={freezeTarget}
        onClose={() => setFreezeTarget(null)}
        onDone={(view) => {
          setFreezeTarget(null);
          setSnapshotVersion((version) => version + 1);
          void viewSnapshot(view);
        }}
      />
    </Card>
  );
}
