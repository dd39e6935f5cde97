// The portal's own captcha: five digits drawn as jittered strokes (no text for a script to read) over
// noise curves and dots, as SVG. The answer stays in the database (several app instances share it),
// is checked once and expires after five minutes.
import { randomInt } from 'node:crypto';
import { and, eq, isNull, lt } from 'drizzle-orm';
import type { Db } from '../../platform/db';
import { AppError } from '../../platform/errors';
import { portalCaptchas } from './schema';

export const CAPTCHA_LENGTH = 5;
export const CAPTCHA_LIFETIME_MS = 5 * 60_000;

type Stroke = Array<[number, number]>;

/** The digits as polylines in a 4 × 6 box. */
const glyphs: Record<string, Stroke[]> = {
  '0': [
    [
      [1, 0],
      [3, 0],
      [4, 1],
      [4, 5],
      [3, 6],
      [1, 6],
      [0, 5],
      [0, 1],
      [1, 0],
    ],
  ],
  '1': [
    [
      [1, 1.2],
      [2.2, 0],
      [2.2, 6],
    ],
    [
      [1, 6],
      [3.4, 6],
    ],
  ],
  '2': [
    [
      [0, 1.2],
      [1, 0],
      [3, 0],
      [4, 1],
      [4, 2.2],
      [0, 6],
      [4, 6],
    ],
  ],
  '3': [
    [
      [0, 0],
      [4, 0],
      [2, 2.5],
      [3, 2.5],
      [4, 3.5],
      [4, 5],
      [3, 6],
      [1, 6],
      [0, 5],
    ],
  ],
  '4': [
    [
      [3, 6],
      [3, 0],
      [0, 4],
      [4, 4],
    ],
  ],
  '5': [
    [
      [4, 0],
      [0.3, 0],
      [0, 2.6],
      [3, 2.5],
      [4, 3.5],
      [4, 5],
      [3, 6],
      [0, 6],
    ],
  ],
  '6': [
    [
      [3.6, 0],
      [1.2, 0],
      [0, 1.6],
      [0, 5],
      [1, 6],
      [3, 6],
      [4, 5],
      [4, 3.5],
      [3, 2.6],
      [0, 2.8],
    ],
  ],
  '7': [
    [
      [0, 0],
      [4, 0],
      [1.4, 6],
    ],
  ],
  '8': [
    [
      [1, 0],
      [3, 0],
      [4, 1],
      [4, 2],
      [3, 3],
      [1, 3],
      [0, 4],
      [0, 5],
      [1, 6],
      [3, 6],
      [4, 5],
      [4, 4],
      [3, 3],
    ],
    [
      [1, 3],
      [0, 2],
      [0, 1],
      [1, 0],
    ],
  ],
  '9': [
    [
      [4, 3.4],
      [1, 3.4],
      [0, 2.4],
      [0, 1],
      [1, 0],
      [3, 0],
      [4, 1],
      [4, 5],
      [3, 6],
      [0.4, 6],
    ],
  ],
};

const WIDTH = 160;
const HEIGHT = 56;
const colours = ['#1f3a93', '#8e1b1b', '#145a32', '#5b2c6f', '#7e5109', '#1b4f72'];

/** A float in [min, max) from the crypto generator (the picture must not be predictable either). */
const between = (min: number, max: number) => min + (randomInt(0, 1_000_000) / 1_000_000) * (max - min);
const fixed = (n: number) => n.toFixed(1);

function noiseCurve(): string {
  const y = () => fixed(between(4, HEIGHT - 4));
  return `<path d="M0 ${y()} C${fixed(between(20, 60))} ${y()} ${fixed(between(80, 120))} ${y()} ${WIDTH} ${y()}" stroke="${colours[randomInt(0, colours.length)]}" stroke-width="${fixed(between(1, 2))}" fill="none" opacity="0.6"/>`;
}

function digitPaths(digit: string, index: number): string {
  const scale = between(5.2, 6.6);
  const x0 = 14 + index * 28 + between(-3, 3);
  const y0 = (HEIGHT - 6 * scale) / 2 + between(-4, 4);
  const angle = between(-0.3, 0.3);
  const skew = between(-0.25, 0.25);
  const colour = colours[randomInt(0, colours.length)];
  return glyphs[digit]!.map((stroke) => {
    const points = stroke.map(([gx, gy]) => {
      // Jitter every point, skew, rotate about the glyph centre, then place.
      const jx = gx + between(-0.25, 0.25) + skew * (gy - 3);
      const jy = gy + between(-0.25, 0.25);
      const cx = (jx - 2) * scale;
      const cy = (jy - 3) * scale;
      const x = x0 + 2 * scale + cx * Math.cos(angle) - cy * Math.sin(angle);
      const y = y0 + 3 * scale + cx * Math.sin(angle) + cy * Math.cos(angle);
      return `${fixed(x)},${fixed(y)}`;
    });
    return `<polyline points="${points.join(' ')}" stroke="${colour}" stroke-width="${fixed(between(2.2, 3.2))}" stroke-linecap="round" stroke-linejoin="round" fill="none"/>`;
  }).join('');
}

/** Draws the digits as an SVG picture with noise. */
export function drawCaptcha(answer: string): string {
  const dots = Array.from({ length: 40 }, () => {
    const colour = colours[randomInt(0, colours.length)];
    return `<circle cx="${fixed(between(0, WIDTH))}" cy="${fixed(between(0, HEIGHT))}" r="${fixed(between(0.6, 1.8))}" fill="${colour}" opacity="0.5"/>`;
  }).join('');
  const digits = [...answer].map(digitPaths).join('');
  const curves = Array.from({ length: 4 }, noiseCurve).join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}"><rect width="100%" height="100%" fill="#f4f1ea"/>${dots}${digits}${curves}</svg>`;
}

/** Issues a new challenge: stores the answer and returns its id and picture. Expired ones are cleared. */
export async function issueCaptcha(db: Db, now: Date = new Date()): Promise<{ id: string; svg: string }> {
  const answer = Array.from({ length: CAPTCHA_LENGTH }, () => String(randomInt(0, 10))).join('');
  await db.delete(portalCaptchas).where(lt(portalCaptchas.expiresAt, new Date(now.getTime() - 3_600_000)));
  const [row] = await db
    .insert(portalCaptchas)
    .values({ answer, expiresAt: new Date(now.getTime() + CAPTCHA_LIFETIME_MS), createdAt: now })
    .returning({ id: portalCaptchas.id });
  return { id: row!.id, svg: drawCaptcha(answer) };
}

/**
 * Checks an answer and uses the challenge up, right or wrong (one try per picture). Committed on its
 * own, so a submission refused later for another reason still needs a new picture.
 */
export async function checkCaptcha(
  db: Db,
  id: string,
  answer: string,
  now: Date = new Date(),
): Promise<void> {
  const [used] = await db
    .update(portalCaptchas)
    .set({ usedAt: now })
    .where(and(eq(portalCaptchas.id, id), isNull(portalCaptchas.usedAt)))
    .returning({ answer: portalCaptchas.answer, expiresAt: portalCaptchas.expiresAt });
  if (!used || used.expiresAt <= now) throw new AppError('PORTAL_CAPTCHA_EXPIRED');
  if (used.answer !== answer.trim()) throw new AppError('PORTAL_CAPTCHA_WRONG');
}
