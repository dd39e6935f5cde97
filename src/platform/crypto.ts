import {
  createCipheriv,
  createDecipheriv,
  createHash,
  createHmac,
  randomBytes,
  randomFillSync,
  timingSafeEqual,
} from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/** Field encryption with Chinese national algorithms: SM4-CBC, encrypt-then-MAC with HMAC-SM3. */
export interface FieldCipher {
  /** Encrypts a value into a `v1.<iv>.<ciphertext>.<mac>` token (base64url parts); random IV each time. */
  encrypt(plain: string): string;
  /** Checks the MAC and decrypts a token; throws on a malformed, tampered or foreign-key token. */
  decrypt(token: string): string;
  /** Deterministic keyed hash (hex) of the trimmed, upper-cased value, for exact lookups without decrypting. */
  blindIndex(value: string): string;
}

/** The keys the field cipher needs. */
export interface FieldCipherKeys {
  encryptionKey: Buffer;
  macKey: Buffer;
  indexKey: Buffer;
}

/** Every secret key of an installation. */
export interface Secrets extends FieldCipherKeys {
  sessionKey: Buffer;
}

const TOKEN_VERSION = 'v1';
const IV_BYTES = 16;
const MAC_BYTES = 32;

const KEY_BYTES: Record<keyof Secrets, number> = {
  encryptionKey: 16,
  macKey: 32,
  indexKey: 32,
  sessionKey: 32,
};

/** Returns the SM3 digest of a string (UTF-8) or bytes, as 64 lower-case hex characters. */
export function sm3Hex(data: string | Buffer): string {
  return createHash('sm3').update(data).digest('hex');
}

function hmacSm3(key: Buffer, ...parts: Buffer[]): Buffer {
  const hmac = createHmac('sm3', key);
  for (const part of parts) hmac.update(part);
  return hmac.digest();
}

/**
 * Fresh random IVs, cut from a pool filled by the CSPRNG 4 KiB at a time: one call into OpenSSL per
 * 256 IVs instead of one per field, which an import of 100,000 people (two fields each) felt. Each IV
 * is a copy and every byte is used once.
 */
const ivPool = Buffer.alloc(4096);
let ivOffset = ivPool.length;
function randomIv(): Buffer {
  if (ivOffset + IV_BYTES > ivPool.length) {
    randomFillSync(ivPool);
    ivOffset = 0;
  }
  const iv = Buffer.from(ivPool.subarray(ivOffset, ivOffset + IV_BYTES));
  ivOffset += IV_BYTES;
  return iv;
}

function assertKeyLength(name: keyof Secrets, key: Buffer): void {
  const expected = KEY_BYTES[name];
  if (!Buffer.isBuffer(key) || key.length !== expected) {
    throw new Error(
      `${name} must be ${expected} bytes, got ${Buffer.isBuffer(key) ? key.length : typeof key}`,
    );
  }
}

/** Creates the cipher that encrypts personal fields (ID numbers, phones) and computes their blind indexes. */
export function createFieldCipher({ encryptionKey, macKey, indexKey }: FieldCipherKeys): FieldCipher {
  assertKeyLength('encryptionKey', encryptionKey);
  assertKeyLength('macKey', macKey);
  assertKeyLength('indexKey', indexKey);
  const versionBytes = Buffer.from(TOKEN_VERSION, 'ascii');

  return {
    encrypt(plain) {
      const iv = randomIv();
      const cipher = createCipheriv('sm4-cbc', encryptionKey, iv);
      const ciphertext = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      // The IV has a fixed length, so version + iv + ciphertext is unambiguous as MAC input.
      const mac = hmacSm3(macKey, versionBytes, iv, ciphertext);
      return [
        TOKEN_VERSION,
        iv.toString('base64url'),
        ciphertext.toString('base64url'),
        mac.toString('base64url'),
      ].join('.');
    },

    decrypt(token) {
      const parts = typeof token === 'string' ? token.split('.') : [];
      if (parts.length !== 4 || parts[0] !== TOKEN_VERSION) {
        throw new Error('Encrypted field is malformed: expected a v1.<iv>.<ciphertext>.<mac> token');
      }
      const iv = Buffer.from(parts[1]!, 'base64url');
      const ciphertext = Buffer.from(parts[2]!, 'base64url');
      const mac = Buffer.from(parts[3]!, 'base64url');
      if (
        iv.length !== IV_BYTES ||
        mac.length !== MAC_BYTES ||
        ciphertext.length === 0 ||
        ciphertext.length % 16 !== 0
      ) {
        throw new Error('Encrypted field is malformed: wrong IV, ciphertext or MAC length');
      }
      const expected = hmacSm3(macKey, versionBytes, iv, ciphertext);
      if (!timingSafeEqual(mac, expected)) {
        throw new Error(
          'Encrypted field failed its integrity check: it was altered or encrypted with other keys',
        );
      }
      const decipher = createDecipheriv('sm4-cbc', encryptionKey, iv);
      return Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString('utf8');
    },

    blindIndex(value) {
      const normalised = value.trim().toUpperCase();
      return createHmac('sm3', indexKey).update(normalised, 'utf8').digest('hex');
    },
  };
}

/** Returns `bytes` cryptographically random bytes encoded as base64url (session ids, CSRF tokens). */
export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

/** Compares two strings in time independent of their content (and, by hashing first, of their lengths). */
export function constantTimeEqual(a: string, b: string): boolean {
  const digestA = createHash('sm3').update(String(a), 'utf8').digest();
  const digestB = createHash('sm3').update(String(b), 'utf8').digest();
  return timingSafeEqual(digestA, digestB);
}

interface SecretsJson {
  version: 1;
  encryptionKey: string;
  macKey: string;
  indexKey: string;
  sessionKey: string;
}

function secretsFromJson(json: unknown, source: string): Secrets {
  if (typeof json !== 'object' || json === null)
    throw new Error(`${source}: 密钥内容不是 JSON 对象 (not a JSON object)`);
  const record = json as Record<string, unknown>;
  if (record.version !== undefined && record.version !== 1) {
    throw new Error(`${source}: 不支持的密钥版本 ${String(record.version)} (unsupported secrets version)`);
  }
  const keys = {} as Secrets;
  for (const name of Object.keys(KEY_BYTES) as (keyof Secrets)[]) {
    const hex = record[name];
    if (typeof hex !== 'string' || !/^[0-9a-fA-F]*$/.test(hex) || hex.length !== KEY_BYTES[name] * 2) {
      throw new Error(
        `${source}: ${name} 应为 ${KEY_BYTES[name] * 2} 位十六进制 (must be ${KEY_BYTES[name]} bytes as hex)`,
      );
    }
    keys[name] = Buffer.from(hex, 'hex');
  }
  return keys;
}

function parseSecretsEnv(value: string): Secrets {
  const text = value.trim();
  // Accept raw JSON, or base64 of it (easier to pass through container and CI secret stores).
  const json = text.startsWith('{') ? text : Buffer.from(text, 'base64').toString('utf8');
  try {
    return secretsFromJson(JSON.parse(json), 'JICENG_SECRETS');
  } catch (error) {
    if (error instanceof SyntaxError) {
      throw new Error('JICENG_SECRETS: 既不是 JSON 也不是 JSON 的 base64 (neither JSON nor base64 of JSON)');
    }
    throw error;
  }
}

function newSecretsJson(): SecretsJson {
  return {
    version: 1,
    encryptionKey: randomBytes(KEY_BYTES.encryptionKey).toString('hex'),
    macKey: randomBytes(KEY_BYTES.macKey).toString('hex'),
    indexKey: randomBytes(KEY_BYTES.indexKey).toString('hex'),
    sessionKey: randomBytes(KEY_BYTES.sessionKey).toString('hex'),
  };
}

function readSecretsFile(file: string): Secrets {
  let json: unknown;
  try {
    json = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    if (error instanceof SyntaxError) throw new Error(`${file}: 密钥文件不是有效的 JSON (not valid JSON)`);
    throw error;
  }
  return secretsFromJson(json, file);
}

/**
 * Loads the installation's secret keys from `JICENG_SECRETS` (JSON or base64 of JSON, hex keys) or from
 * the secrets file, creating that file with fresh random keys (mode 0600) on first start.
 *
 * IMPORTANT: the encryption key cannot be recovered. Losing this file (or the env value) makes every
 * encrypted ID number and phone number unreadable and every blind index useless, so backups must
 * include it, and it must be kept as carefully as the database itself.
 */
export function loadOrCreateSecrets({
  file,
  env = process.env,
}: {
  file: string;
  env?: NodeJS.ProcessEnv;
}): Secrets & { source: 'env' | 'file' | 'created' } {
  const fromEnv = env.JICENG_SECRETS?.trim();
  if (fromEnv) return { ...parseSecretsEnv(fromEnv), source: 'env' };
  if (fs.existsSync(file)) return { ...readSecretsFile(file), source: 'file' };

  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  // Write a temp file, then link it into place: atomic, and if another process won the race we use its keys.
  const content = `${JSON.stringify(newSecretsJson(), null, 2)}\n`;
  const temp = `${file}.${process.pid}.${randomToken(6)}.tmp`;
  fs.writeFileSync(temp, content, { mode: 0o600, flag: 'wx' });
  try {
    try {
      fs.linkSync(temp, file);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EEXIST') return { ...readSecretsFile(file), source: 'file' };
      // Some file systems (network shares, FAT) have no hard links: fall back to an exclusive create.
      if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'ENOSYS') throw error;
      fs.writeFileSync(file, content, { mode: 0o600, flag: 'wx' });
    }
    return { ...readSecretsFile(file), source: 'created' };
  } finally {
    fs.rmSync(temp, { force: true });
  }
}
