// Abuse limits of the resident portal, as settings with defaults (settings keys `portal.*`): the
// submissions one phone may make per China day, the submissions and photo uploads one client
// address may make per hour. Counted in the database, so every app instance sees the same counts.
import { and, count, eq, gte, sql } from 'drizzle-orm';
import { startOfChinaDay } from '../../platform/cases';
import { type DbOrTx, queryRows } from '../../platform/db';
import { AppError } from '../../platform/errors';
import { readSettingGroup } from '../../platform/settings/service';
import { todayInChina } from '../../platform/time';
import { portalSubmissions, portalUploads } from './schema';

export const portalLimitDefaults = {
  'portal.submissionsPerPhonePerDay': 5,
  'portal.submissionsPerIpPerHour': 20,
  'portal.uploadsPerIpPerHour': 40,
  /** Photos one submission may carry. */
  'portal.photosPerSubmission': 5,
  'portal.photoMaxMb': 5,
};
export type PortalLimits = typeof portalLimitDefaults;

/** The portal limits in force: stored settings over the defaults. */
export async function portalLimits(db: DbOrTx): Promise<PortalLimits> {
  const stored = await readSettingGroup(db, 'portal');
  const limits = { ...portalLimitDefaults };
  for (const key of Object.keys(limits) as Array<keyof PortalLimits>) {
    const value = stored.get(key);
    if (typeof value === 'number' && Number.isFinite(value) && value > 0) limits[key] = value;
  }
  return limits;
}

const HOUR = 3_600_000;

/** Refuses a submission over the per-phone (today, China time) or per-address (last hour) limit. */
export async function checkSubmissionLimits(
  db: DbOrTx,
  who: { phoneIndex: string; ipIndex: string },
  now: Date = new Date(),
): Promise<void> {
  const limits = await portalLimits(db);
  const [byPhone] = await db
    .select({ n: count() })
    .from(portalSubmissions)
    .where(
      and(
        eq(portalSubmissions.phoneIndex, who.phoneIndex),
        gte(portalSubmissions.createdAt, startOfChinaDay(todayInChina(now))),
      ),
    );
  const perPhone = limits['portal.submissionsPerPhonePerDay'];
  if (Number(byPhone?.n ?? 0) >= perPhone)
    throw new AppError('PORTAL_PHONE_LIMIT', { params: { max: perPhone } });
  const [byIp] = await db
    .select({ n: count() })
    .from(portalSubmissions)
    .where(
      and(
        eq(portalSubmissions.ipIndex, who.ipIndex),
        gte(portalSubmissions.createdAt, new Date(now.getTime() - HOUR)),
      ),
    );
  const perIp = limits['portal.submissionsPerIpPerHour'];
  if (Number(byIp?.n ?? 0) >= perIp) throw new AppError('PORTAL_IP_LIMIT', { params: { max: perIp } });
}

/** Refuses a photo upload over the per-address hourly limit. */
export async function checkUploadLimit(db: DbOrTx, ipIndex: string, now: Date = new Date()): Promise<void> {
  const max = (await portalLimits(db))['portal.uploadsPerIpPerHour'];
  const [row] = await db
    .select({ n: count() })
    .from(portalUploads)
    .where(
      and(eq(portalUploads.ipIndex, ipIndex), gte(portalUploads.createdAt, new Date(now.getTime() - HOUR))),
    );
  if (Number(row?.n ?? 0) >= max) throw new AppError('PORTAL_UPLOAD_LIMIT', { params: { max } });
}

/**
 * Serialises the submissions of one phone and of one address inside a transaction (advisory locks), so
 * two requests at once cannot both pass the count.
 */
export async function lockSubmitter(tx: DbOrTx, who: { phoneIndex: string; ipIndex: string }): Promise<void> {
  await queryRows(tx, sql`select pg_advisory_xact_lock(hashtext(${`portal:${who.phoneIndex}`}))`);
  await queryRows(tx, sql`select pg_advisory_xact_lock(hashtext(${`portal:${who.ipIndex}`}))`);
}
