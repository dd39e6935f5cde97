// The public page address printed in each centre's QR code.
import { eq } from 'drizzle-orm';
import type { FastifyRequest } from 'fastify';
import QRCode from 'qrcode';
import type { DbOrTx } from '../../platform/db';
import { settings } from '../../platform/settings/schema';

/** Settings-table key that overrides the public base URL when PUBLIC_BASE_URL is not set. */
export const PUBLIC_BASE_URL_SETTING = 'centers.publicBaseUrl';

/** Trims a configured base URL to `scheme://host[:port][/prefix]` without a trailing slash; null when unusable. */
export function normaliseBaseUrl(value: unknown): string | null {
  if (typeof value !== 'string' || value.trim() === '') return null;
  try {
    const url = new URL(value.trim());
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
    return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
  } catch {
    return null;
  }
}

/**
 * Where residents reach the app from outside: the PUBLIC_BASE_URL environment variable, else the
 * `centers.publicBaseUrl` setting, else the scheme and host the request came in on (behind a reverse
 * proxy set TRUST_PROXY=1 so X-Forwarded-Proto/Host are honoured, or set one of the two overrides).
 */
export async function publicBaseUrl(db: DbOrTx, request: FastifyRequest): Promise<string> {
  const fromEnv = normaliseBaseUrl(process.env.PUBLIC_BASE_URL);
  if (fromEnv) return fromEnv;
  const [row] = await db
    .select({ value: settings.value })
    .from(settings)
    .where(eq(settings.key, PUBLIC_BASE_URL_SETTING));
  const fromSetting = normaliseBaseUrl(row?.value);
  if (fromSetting) return fromSetting;
  return `${request.protocol}://${request.host}`;
}

/** The public service page of a centre. */
export function publicPageUrl(baseUrl: string, centerId: string): string {
  return `${baseUrl}/public/centers/${centerId}`;
}

/** A QR code of a URL as an SVG document (medium error correction survives a worn print). */
export function qrSvg(url: string): Promise<string> {
  return QRCode.toString(url, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
}
