import { Alert, Empty, Spin, Typography } from 'antd';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { api } from '../../../web/api/client';
import type { GridShape } from '../contract';
import { GridMap, type MapGrid } from './GridMap';

/** A computed by-grid indicator as the dashboard receives it: groups keyed by grid id. */
interface ByGridFigure {
  failed: boolean;
  breakdown: Array<{ key: string; value: number | null }> | null;
}

const countsOf = (figure: ByGridFigure | null) =>
  new Map((figure?.breakdown ?? []).map((group) => [group.key, group.value ?? 0]));

/**
 * The leaders' dashboard's map: the grids of the chosen unit (or the whole scope), coloured by the
 * indicators grid.event.openByGrid and grid.event.overdueByGrid that the dashboard computed with its
 * other figures for the chosen period; only the shapes are read here.
 */
export default function DashboardGridMap(props: {
  unitId?: string;
  open: ByGridFigure | null;
  overdue: ByGridFigure | null;
  loading: boolean;
}) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [shapes, setShapes] = useState<GridShape[] | null>(null);
  useEffect(() => {
    setShapes(null);
    api
      .get<GridShape[]>('/api/grid/shapes', { query: props.unitId ? { unitId: props.unitId } : {} })
      .then(setShapes, () => setShapes([]));
  }, [props.unitId]);
  const grids = useMemo<MapGrid[] | null>(() => {
    if (!shapes || props.loading) return null;
    const open = countsOf(props.open);
    const overdue = countsOf(props.overdue);
    return shapes.map((shape) => ({
      ...shape,
      open: open.get(shape.id) ?? 0,
      overdue: overdue.get(shape.id) ?? 0,
    }));
  }, [shapes, props.open, props.overdue, props.loading]);
  const tooltip = useCallback(
    (g: MapGrid) =>
      t('grid.map.tooltip', { name: g.name, unit: g.unitName, open: g.open, overdue: g.overdue }),
    [t],
  );
  if (!grids) return <Spin />;
  if (grids.length === 0) return <Empty description={t('grid.map.empty')} />;
  if (!props.open || !props.overdue || props.open.failed || props.overdue.failed)
    return <Alert type="error" showIcon title={t('grid.map.failed')} />;
  const overdue = grids.filter((g) => g.overdue > 0).length;
  return (
    <>
      <GridMap
        grids={grids}
        tooltip={tooltip}
        height={300}
        onSelect={(g) => navigate(`/grid/events?gridId=${g.id}`)}
      />
      <Typography.Text type="secondary" data-testid="dashboard-grid-summary">
        {t('grid.map.summary', { total: grids.length, overdue })}
      </Typography.Text>
    </>
  );
}
