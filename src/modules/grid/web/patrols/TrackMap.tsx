import L from 'leaflet';
import 'leaflet/dist/leaflet.css';
import { useEffect, useRef } from 'react';
import { addBaseLayer } from '../baseLayer';

export interface TrackPoint {
  lat: number;
  lng: number;
  at: string;
}

/**
 * One patrol's track over its grid's boundary: the boundary in grey, the walk as a line, green at the
 * start and red at the end. Vector layers only, so it works with no internet like the grid map.
 */
export function TrackMap({
  track,
  boundary,
  fromLabel,
  toLabel,
}: {
  track: TrackPoint[];
  boundary: GeoJSON.Geometry | null;
  fromLabel: string;
  toLabel: string;
}) {
  const container = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!container.current) return;
    const map = L.map(container.current, { attributionControl: false, zoomSnap: 0.25 });
    addBaseLayer(map);
    const group = L.featureGroup().addTo(map);
    if (boundary)
      L.geoJSON(boundary, { style: { color: '#8c8c8c', weight: 1, fillOpacity: 0.08 } }).addTo(group);
    const points = track.map((p) => L.latLng(p.lat, p.lng));
    if (points.length > 1) L.polyline(points, { color: '#1677ff', weight: 3 }).addTo(group);
    const ends: Array<[L.LatLng | undefined, string, string]> = [
      [points[0], '#389e0d', fromLabel],
      [points.at(-1), '#cf1322', toLabel],
    ];
    for (const [at, colour, label] of ends) {
      if (!at) continue;
      L.circleMarker(at, { radius: 6, color: colour, fillColor: colour, fillOpacity: 0.9 })
        .bindTooltip(label)
        .addTo(group);
    }
    const fitToTrack = () => {
      const bounds = group.getBounds();
      if (bounds.isValid()) map.fitBounds(bounds, { padding: [16, 16], maxZoom: 17 });
      else map.setView([40.8, 111.6], 9);
    };
    fitToTrack();
    // A drawer opens with an animation: the map is created before it has its final size.
    const resized = new ResizeObserver(() => {
      map.invalidateSize();
      fitToTrack();
    });
    resized.observe(container.current);
    return () => {
      resized.disconnect();
      map.remove();
    };
  }, [track, boundary, fromLabel, toLabel]);

  return (
    <div
      ref={container}
      data-testid="patrol-track-map"
      style={{ height: 360, background: '#f3f1ea', border: '1px solid #e5e5e5', borderRadius: 6 }}
    />
  );
}
