// Grid geometry: checking GeoJSON boundaries, point-in-polygon, bounding boxes and a label point.
// Coordinates are GeoJSON order, [longitude, latitude] in WGS 84; grids are small enough (a few km)
// that planar maths on degrees is exact enough for containment.
import { and, eq, gte, lte, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db';
import { type GridBoundary, grids } from './schema';

type Ring = number[][];
type Polygon = Ring[];

/** The polygons of a boundary (a Polygon is one). */
export function polygonsOf(boundary: GridBoundary): Polygon[] {
  return boundary.type === 'Polygon'
    ? [boundary.coordinates as Polygon]
    : (boundary.coordinates as Polygon[]);
}

/**
 * What is wrong with a GeoJSON geometry as a grid boundary, in Chinese, or null when it is fine:
 * Polygon or MultiPolygon, closed rings of at least four positions, longitudes and latitudes in range.
 */
export function boundaryProblem(geometry: unknown): string | null {
  if (!geometry || typeof geometry !== 'object') return '边界必须是 GeoJSON 面（Polygon 或 MultiPolygon）';
  const { type, coordinates } = geometry as { type?: unknown; coordinates?: unknown };
  if (type !== 'Polygon' && type !== 'MultiPolygon')
    return `边界类型“${String(type)}”不支持，请使用 Polygon 或 MultiPolygon`;
  if (!Array.isArray(coordinates) || coordinates.length === 0) return '边界没有坐标';
  const polygons = (type === 'Polygon' ? [coordinates] : coordinates) as unknown[];
  for (const [p, polygon] of polygons.entries()) {
    if (!Array.isArray(polygon) || polygon.length === 0) return `第 ${p + 1} 个面没有坐标`;
    for (const [r, ring] of (polygon as unknown[]).entries()) {
      const where = polygons.length > 1 ? `第 ${p + 1} 个面的第 ${r + 1} 个环` : `第 ${r + 1} 个环`;
      if (!Array.isArray(ring) || ring.length < 4) return `${where}至少需要 4 个坐标点（首尾相同）`;
      for (const position of ring as unknown[]) {
        if (
          !Array.isArray(position) ||
          position.length < 2 ||
          typeof position[0] !== 'number' ||
          typeof position[1] !== 'number' ||
          !Number.isFinite(position[0]) ||
          !Number.isFinite(position[1])
        )
          return `${where}含有无效坐标，坐标应为 [经度, 纬度] 数字`;
        if (Math.abs(position[0]) > 180 || Math.abs(position[1]) > 90)
          return `${where}的坐标 [${position[0]}, ${position[1]}] 超出经纬度范围（经度 ±180，纬度 ±90）`;
      }
      const first = (ring as number[][])[0]!;
      const last = (ring as number[][])[ring.length - 1]!;
      if (first[0] !== last[0] || first[1] !== last[1]) return `${where}未闭合：最后一个坐标应与第一个相同`;
    }
  }
  return null;
}

/** Ray casting on one ring. */
function inRing(ring: Ring, lng: number, lat: number): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i]!;
    const [xj, yj] = ring[j]!;
    if (yi! > lat !== yj! > lat && lng < ((xj! - xi!) * (lat - yi!)) / (yj! - yi!) + xi!) inside = !inside;
  }
  return inside;
}

/** Whether the point lies inside the boundary (inside an outer ring and outside its holes). */
export function pointInBoundary(boundary: GridBoundary, lat: number, lng: number): boolean {
  return polygonsOf(boundary).some(
    ([outer, ...holes]) =>
      !!outer && inRing(outer, lng, lat) && !holes.some((hole) => inRing(hole, lng, lat)),
  );
}

export interface Box {
  minLng: number;
  minLat: number;
  maxLng: number;
  maxLat: number;
}

/** The bounding box of a boundary. */
export function boxOf(boundary: GridBoundary): Box {
  const box = { minLng: Infinity, minLat: Infinity, maxLng: -Infinity, maxLat: -Infinity };
  for (const polygon of polygonsOf(boundary))
    for (const [lng, lat] of polygon[0] ?? []) {
      box.minLng = Math.min(box.minLng, lng!);
      box.maxLng = Math.max(box.maxLng, lng!);
      box.minLat = Math.min(box.minLat, lat!);
      box.maxLat = Math.max(box.maxLat, lat!);
    }
  return box;
}

/** A label point: the area centroid of the largest outer ring (the box centre for degenerate rings). */
export function centreOf(boundary: GridBoundary): { lat: number; lng: number } {
  let best: { area: number; lng: number; lat: number } | null = null;
  for (const [outer] of polygonsOf(boundary)) {
    if (!outer) continue;
    let area = 0;
    let cx = 0;
    let cy = 0;
    for (let i = 0; i < outer.length - 1; i++) {
      const [x0, y0] = outer[i]!;
      const [x1, y1] = outer[i + 1]!;
      const cross = x0! * y1! - x1! * y0!;
      area += cross;
      cx += (x0! + x1!) * cross;
      cy += (y0! + y1!) * cross;
    }
    if (area === 0) continue;
    const candidate = { area: Math.abs(area / 2), lng: cx / (3 * area), lat: cy / (3 * area) };
    if (!best || candidate.area > best.area) best = candidate;
  }
  if (best) return { lat: best.lat, lng: best.lng };
  const box = boxOf(boundary);
  return { lat: (box.minLat + box.maxLat) / 2, lng: (box.minLng + box.maxLng) / 2 };
}

/** The active grid whose boundary contains the point, or null; the bounding box filters in SQL first. */
export async function findGridAt(db: DbOrTx, lat: number, lng: number) {
  const candidates = await db
    .select()
    .from(grids)
    .where(
      and(
        eq(grids.active, true),
        lte(grids.minLng, lng),
        gte(grids.maxLng, lng),
        lte(grids.minLat, lat),
        gte(grids.maxLat, lat),
      ),
    )
    .orderBy(sql`${grids.code}`);
  return candidates.find((grid) => grid.boundary && pointInBoundary(grid.boundary, lat, lng)) ?? null;
}
