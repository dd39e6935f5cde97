// The map's optional base layer. Grid maps draw boundaries on a plain background and need no internet;
// an installation with its own tile server (or internet access) may set a tile URL template, which the
// web maps then draw beneath the grids.
import { z } from 'zod';
import type { Actor } from '../../../platform/auth/actor';
import { auditActorOf } from '../../../platform/auth/service';
import { recordAudit } from '../../../platform/audit/writer';
import type { Db, DbOrTx } from '../../../platform/db';
import { readSettingGroup, writeSettings } from '../../../platform/settings/service';

const TILE_URL = 'grid.map.tileUrl';
const ATTRIBUTION = 'grid.map.attribution';

export const mapSettingsView = z.object({
  tileUrl: z
    .string()
    .trim()
    .max(500, { error: '瓦片地址不能超过 500 个字符' })
    .refine((url) => url === '' || /^https?:\/\/[^\s]+$/.test(url), {
      error: '瓦片地址应以 http:// 或 https:// 开头，不含空格',
    })
    .refine((url) => url === '' || ['{z}', '{x}', '{y}'].every((part) => url.includes(part)), {
      error: '瓦片地址须包含 {z}、{x}、{y} 三个占位符，例如 https://tiles.example.gov.cn/{z}/{x}/{y}.png',
    })
    .describe('底图瓦片地址模板（留空则不加载底图）'),
  attribution: z
    .string()
    .trim()
    .max(200, { error: '底图来源说明不能超过 200 个字' })
    .describe('底图来源说明'),
});
export type MapSettings = z.infer<typeof mapSettingsView>;

/** The stored map settings; no tile URL (a plain background) by default. */
export async function mapSettings(db: DbOrTx): Promise<MapSettings> {
  const stored = await readSettingGroup(db, 'grid.map');
  return {
    tileUrl: String(stored.get(TILE_URL) ?? ''),
    attribution: String(stored.get(ATTRIBUTION) ?? ''),
  };
}

/** Stores the map settings, audited. */
export async function saveMapSettings(db: Db, actor: Actor, values: MapSettings): Promise<MapSettings> {
  return db.transaction(async (tx) => {
    const before = await mapSettings(tx);
    await writeSettings(tx, { [TILE_URL]: values.tileUrl, [ATTRIBUTION]: values.attribution }, actor.userId);
    await recordAudit(tx, auditActorOf(actor), {
      entity: 'settings',
      entityId: 'grid.map',
      action: 'update',
      before,
      after: values,
    });
    return values;
  });
}
