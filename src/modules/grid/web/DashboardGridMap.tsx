import { Empty, Spin, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { api } from '../../../web/api/client';
import { GridMap, type MapGrid } from './GridMap';

/** The leaders' dashboard's map: the grids of the chosen unit (or the whole scope), by open and overdue events. */
export default function DashboardGridMap({ unitId }: { unitId?: string }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [grids, setGrids] = useState<MapGrid[] | null>(null);
  useEffect(() => {
    setGrids(null);
    api
      .get<MapGrid[]>('/api/grid/map', { query: unitId ? { unitId } : {} })
      .then(setGrids, () => setGrids([]));
  }, [unitId]);
  const tooltip = useCallback(
    (g: MapGrid) =>
      t('grid.map.tooltip', { name: g.name, unit: g.unitName, open: g.open, overdue: g.overdue }),
    [t],
  );
  if (!grids) return <Spin />;
  if (grids.length === 0) return <Empty description={t('grid.map.empty')} />;
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
