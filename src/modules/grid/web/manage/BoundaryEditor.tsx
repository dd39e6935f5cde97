import { Button, Space, Typography } from 'antd';
import L from 'leaflet';
import 'leaflet/dist/leaflet.css';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { addBaseLayer } from '../baseLayer';

export type Boundary = { type: 'Polygon' | 'MultiPolygon'; coordinates: unknown[] };
type LatLng = [number, number];

const k = 'gridManage.boundaryEditor';

/**
 * Draws a grid's boundary on the map: "draw" starts a new polygon, each click adds a corner, "finish"
 * closes it (three corners at least), "undo" drops the last corner, "clear" removes the boundary. The
 * other grids of the same 嘎查/社区 are shown in grey so the new one can be fitted beside them.
 */
export function BoundaryEditor(props: {
  value: Boundary | null;
  onChange: (value: Boundary | null) => void;
  context: Boundary[];
}) {
  const { t } = useTranslation();
  const container = useRef<HTMLDivElement>(null);
  const map = useRef<L.Map | null>(null);
  const shapes = useRef<L.LayerGroup | null>(null);
  const sketch = useRef<L.LayerGroup | null>(null);
  const [drawing, setDrawing] = useState(false);
  const [points, setPoints] = useState<LatLng[]>([]);
  const drawingRef = useRef(drawing);
  drawingRef.current = drawing;

  useEffect(() => {
    if (!container.current) return;
    const created = L.map(container.current, {
      attributionControl: false,
      zoomSnap: 0.25,
      doubleClickZoom: false,
    });
    addBaseLayer(created);
    shapes.current = L.layerGroup().addTo(created);
    sketch.current = L.layerGroup().addTo(created);
    created.on('click', (event: L.LeafletMouseEvent) => {
      if (!drawingRef.current) return;
      setPoints((list) => [...list, [event.latlng.lat, event.latlng.lng]]);
    });
    map.current = created;
    // Leaflet ignores clicks until the map has a view; the mark lets a browser journey wait for it.
    created.whenReady(() => container.current?.setAttribute('data-ready', 'true'));
    return () => {
      created.remove();
      map.current = null;
    };
  }, []);

  // The boundary and its neighbours; the view fits them when they change.
  useEffect(() => {
    const group = shapes.current;
    if (!map.current || !group) return;
    group.clearLayers();
    for (const other of props.context)
      L.geoJSON(other as GeoJSON.Geometry, {
        style: { color: '#8c8c8c', weight: 1, fillOpacity: 0.15 },
        interactive: false,
      }).addTo(group);
    if (props.value)
      L.geoJSON(props.value as GeoJSON.Geometry, {
        style: { color: '#1677ff', weight: 2, fillOpacity: 0.3 },
        interactive: false,
      }).addTo(group);
    const bounds = L.featureGroup(group.getLayers()).getBounds();
    if (bounds.isValid()) map.current.fitBounds(bounds, { padding: [16, 16], maxZoom: 16 });
    else map.current.setView([40.8, 111.6], 9);
  }, [props.value, props.context]);

  // The polygon being drawn.
  useEffect(() => {
    const group = sketch.current;
    if (!group) return;
    group.clearLayers();
    if (points.length > 1) L.polyline(points, { color: '#cf1322', weight: 2, dashArray: '4 4' }).addTo(group);
    for (const point of points)
      L.circleMarker(point, { radius: 4, color: '#cf1322', fillOpacity: 1, interactive: false }).addTo(group);
  }, [points]);

  const finish = () => {
    const ring = points.map(([lat, lng]) => [Number(lng.toFixed(6)), Number(lat.toFixed(6))]);
    props.onChange({ type: 'Polygon', coordinates: [[...ring, ring[0]!]] });
    setPoints([]);
    setDrawing(false);
  };

  return (
    <Space orientation="vertical" style={{ width: '100%' }} size={8}>
      <Space wrap>
        {drawing ? (
          <>
            <Button
              type="primary"
              disabled={points.length < 3}
              onClick={finish}
              data-testid="boundary-finish"
            >
              {t(`${k}.finish`)}
            </Button>
            <Button disabled={points.length === 0} onClick={() => setPoints((list) => list.slice(0, -1))}>
              {t(`${k}.undo`)}
            </Button>
            <Button
              onClick={() => {
                setPoints([]);
                setDrawing(false);
              }}
            >
              {t(`${k}.cancel`)}
            </Button>
          </>
        ) : (
          <>
            <Button onClick={() => setDrawing(true)} data-testid="boundary-draw">
              {props.value ? t(`${k}.redraw`) : t(`${k}.draw`)}
            </Button>
            <Button danger disabled={!props.value} onClick={() => props.onChange(null)}>
              {t(`${k}.clear`)}
            </Button>
          </>
        )}
        <Typography.Text type="secondary" data-testid="boundary-hint">
          {drawing
            ? t(`${k}.drawingHint`, { count: points.length })
            : props.value
              ? t(`${k}.hasBoundary`)
              : t(`${k}.none`)}
        </Typography.Text>
      </Space>
      <div
        ref={container}
        data-testid="boundary-map"
        style={{
          height: 320,
          background: '#f3f1ea',
          border: '1px solid #e5e5e5',
          borderRadius: 6,
          cursor: drawing ? 'crosshair' : undefined,
        }}
      />
    </Space>
  );
}
