import { randomInt } from 'node:crypto';
import argon2 from 'argon2';

/** The configurable part of the password policy. */
export interface PasswordPolicy {
  minLength?: number;
  /** How many of the four classes (lower case, upper case, digit, symbol) a password must use. */
  minClasses?: number;
}

export type PasswordCheck = { ok: true } | { ok: false; message: string };

// Longer inputs only cost hashing time; no person types a password this long.
const MAX_LENGTH = 128;
const CHINESE_NUMBERS = ['零', '一', '二', '三', '四'];

// OWASP's minimum argon2id settings: about 20 ms per hash, so logins and tests stay fast.
const HASH_OPTIONS = { type: argon2.argon2id, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

/** Counts how many of the four character classes a password uses; anything not a letter or digit is a symbol. */
function countClasses(password: string): number {
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^a-zA-Z0-9]/];
  return classes.filter((pattern) => pattern.test(password)).length;
}

/**
 * Checks a new password against the policy (length, character classes, not containing the username)
 * and returns a Chinese message that says what is required when it fails.
 */
export function checkPasswordPolicy(
  password: string,
  { minLength = 8, minClasses = 3 }: PasswordPolicy = {},
  context: { username?: string } = {},
): PasswordCheck {
  const classes = Math.min(Math.max(minClasses, 1), 4);
  const requirement =
    classes === 4
      ? `密码至少 ${minLength} 位，且须同时包含大写字母、小写字母、数字和符号`
      : `密码至少 ${minLength} 位，且须包含大写字母、小写字母、数字、符号中的至少${CHINESE_NUMBERS[classes]}类`;
  // Count code points, not UTF-16 units, so a password with Chinese characters is measured as typed.
  const length = [...password].length;
  if (length < minLength || countClasses(password) < classes) return { ok: false, message: requirement };
  if (length > MAX_LENGTH) return { ok: false, message: `密码不能超过 ${MAX_LENGTH} 位` };
  const username = context.username?.trim().toLowerCase();
  // Very short usernames would forbid half the alphabet; three characters is where guessing starts to help.
  if (username && username.length >= 3 && password.toLowerCase().includes(username)) {
    return { ok: false, message: '密码不能包含用户名，请换一个' };
  }
  return { ok: true };
}

/** Hashes a password with argon2id (salted, PHC string format) for storage. */
export async function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, HASH_OPTIONS);
}

/** Checks a password against a stored hash; a malformed hash counts as a mismatch, never as an error. */
export async function verifyPassword(hash: string, password: string): Promise<boolean> {
  try {
    return await argon2.verify(hash, password);
  } catch {
    return false;
  }
}

// No 0/O/o, 1/l/I: generated passwords are read aloud and copied from screens.
const LOWER = 'abcdefghijkmnpqrstuvwxyz';
const UPPER = 'ABCDEFGHJKLMNPQRSTUVWXYZ';
const DIGITS = '23456789';
const SYMBOLS = '@#$%&*+-=?!';

function pick(alphabet: string): string {
  return alphabet[randomInt(alphabet.length)]!;
}

/** Generates a random password (default 14 characters) with all four classes and no ambiguous characters. */
export function generatePassword(length = 14): string {
  if (length < 8) throw new RangeError('generatePassword: length must be at least 8');
  const all = LOWER + UPPER + DIGITS + SYMBOLS;
  const chars = [pick(LOWER), pick(UPPER), pick(DIGITS), pick(SYMBOLS)];
  while (chars.length < length) chars.push(pick(all));
  // Fisher–Yates with a CSPRNG, so the guaranteed characters are not always at the front.
  for (let i = chars.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [chars[i], chars[j]] = [chars[j]!, chars[i]!];
  }
  return chars.join('');
}
