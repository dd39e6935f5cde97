import L from 'leaflet';
import 'leaflet/dist/leaflet.css';
import { useEffect, useRef } from 'react';
import { addBaseLayer } from './baseLayer';

export interface MapGrid {
  id: string;
  name: string;
  unitName: string;
  boundary: { type: 'Polygon' | 'MultiPolygon'; coordinates: unknown[] } | null;
  open: number;
  overdue: number;
}

/** Red when something is overdue, amber when events are open, green when clear. */
export const gridColour = (grid: Pick<MapGrid, 'open' | 'overdue'>) =>
  grid.overdue > 0 ? '#cf1322' : grid.open > 0 ? '#d48806' : '#389e0d';

/**
 * Grid boundaries on a plain background: vector layers only, no tile server, so the map works on an
 * intranet with no internet access; a tile layer beneath only when an administrator configured one.
 */
export function GridMap({
  grids,
  tooltip,
  onSelect,
  height = 520,
}: {
  grids: MapGrid[];
  tooltip: (grid: MapGrid) => string;
  onSelect: (grid: MapGrid) => void;
  height?: number;
}) {
  const container = useRef<HTMLDivElement>(null);
  const map = useRef<L.Map | null>(null);
  const layer = useRef<L.LayerGroup | null>(null);
  const select = useRef(onSelect);
  select.current = onSelect;

  useEffect(() => {
    if (!container.current) return;
    map.current = L.map(container.current, { attributionControl: false, zoomSnap: 0.25 });
    addBaseLayer(map.current);
    layer.current = L.layerGroup().addTo(map.current);
    return () => {
      map.current?.remove();
      map.current = null;
    };
  }, []);

  useEffect(() => {
    const group = layer.current;
    if (!map.current || !group) return;
    group.clearLayers();
    const shapes = grids.filter((g) => g.boundary);
    for (const grid of shapes) {
      const shape = L.geoJSON(grid.boundary as GeoJSON.Geometry, {
        style: { color: gridColour(grid), weight: 1, fillOpacity: 0.35 },
      });
      shape.bindTooltip(tooltip(grid), { sticky: true });
      shape.on('click', () => select.current(grid));
      shape.addTo(group);
    }
    const bounds = L.featureGroup(group.getLayers()).getBounds();
    if (bounds.isValid()) map.current.fitBounds(bounds, { padding: [16, 16] });
    else map.current.setView([40.8, 111.6], 9);
  }, [grids, tooltip]);

  return (
    <div
      ref={container}
      data-testid="grid-map"
      style={{ height, background: '#f3f1ea', border: '1px solid #e5e5e5', borderRadius: 6 }}
    />
  );
}
