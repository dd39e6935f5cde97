import L from 'leaflet';
import { api } from '../../../web/api/client';

interface MapSettings {
  tileUrl: string;
  attribution: string;
}

let settings: Promise<MapSettings | null> | null = null;

/** The map settings, read once per page load; null when they cannot be read (a plain background then). */
function loadMapSettings(): Promise<MapSettings | null> {
  settings ??= api.get<MapSettings>('/api/grid/map-settings', { quiet: true }).catch(() => null);
  return settings;
}

/** Forgets the cached settings, after an administrator changed them. */
export function forgetMapSettings(): void {
  settings = null;
}

/**
 * Adds the configured tile layer beneath the grids, if an administrator set one. With none (the
 * default) maps stay vector-only and work with no internet.
 */
export function addBaseLayer(map: L.Map): void {
  void loadMapSettings().then((value) => {
    if (!value?.tileUrl) return;
    // The map may have been removed while the settings were read.
    if (!map.getContainer().isConnected) return;
    L.tileLayer(value.tileUrl, { attribution: value.attribution, maxZoom: 19 }).addTo(map);
    if (value.attribution)
      L.control.attribution({ prefix: false }).addAttribution(value.attribution).addTo(map);
  });
}
