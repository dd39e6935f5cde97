import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { constantTimeEqual, createFieldCipher, loadOrCreateSecrets, randomToken, sm3Hex } from './crypto';

function newKeys() {
  return { encryptionKey: randomBytes(16), macKey: randomBytes(32), indexKey: randomBytes(32) };
}

/** Replaces one base64url character of a token part with another, so the bytes change but the shape does not. */
function flipChar(part: string, at: number): string {
  const c = part[at] === 'A' ? 'B' : 'A';
  return part.slice(0, at) + c + part.slice(at + 1);
}

describe('sm3Hex', () => {
  it('matches the GB/T 32905 test vector for "abc"', () => {
    expect(sm3Hex('abc')).toBe('66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0');
    expect(sm3Hex(Buffer.from('abc'))).toBe(sm3Hex('abc'));
  });
});

describe('SM4 from Node', () => {
  it('matches the GB/T 32907 test vector', () => {
    const key = Buffer.from('0123456789abcdeffedcba9876543210', 'hex');
    const cipher = createCipheriv('sm4-ecb', key, null).setAutoPadding(false);
    const out = Buffer.concat([cipher.update(key), cipher.final()]);
    expect(out.toString('hex')).toBe('681edf34d206965e86b3e94f536e4246');
  });
});

describe('createFieldCipher', () => {
  const keys = newKeys();
  const cipher = createFieldCipher(keys);

  it('round-trips ID numbers, Chinese text and the empty string', () => {
    for (const plain of ['152222198001011234', '11010519491231002X', '巴特尔·朝鲁', '']) {
      expect(cipher.decrypt(cipher.encrypt(plain))).toBe(plain);
    }
  });

  it('produces v1.<iv>.<ct>.<mac> tokens with a fresh IV each time', () => {
    const a = cipher.encrypt('152222198001011234');
    const b = cipher.encrypt('152222198001011234');
    expect(a).toMatch(/^v1\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/);
    expect(a).not.toBe(b);
    expect(a).not.toContain('152222');
    // IVs come from a pool refilled every 256: across several refills, none repeats.
    const ivs = Array.from({ length: 1000 }, () => cipher.encrypt('x').split('.')[1]);
    expect(new Set(ivs).size).toBe(1000);
  });

  it('is really SM4-CBC with encrypt-then-HMAC-SM3 over version, IV and ciphertext', () => {
    const [version, ivPart, ctPart, macPart] = cipher.encrypt('152222198001011234').split('.') as [
      string,
      string,
      string,
      string,
    ];
    const iv = Buffer.from(ivPart, 'base64url');
    const ct = Buffer.from(ctPart, 'base64url');
    const decipher = createDecipheriv('sm4-cbc', keys.encryptionKey, iv);
    expect(Buffer.concat([decipher.update(ct), decipher.final()]).toString()).toBe('152222198001011234');
    const mac = createHmac('sm3', keys.macKey).update(Buffer.from(version)).update(iv).update(ct).digest();
    expect(mac.toString('base64url')).toBe(macPart);
  });

  it('throws on a tampered ciphertext, IV, MAC or version', () => {
    const token = cipher.encrypt('152222198001011234');
    const [version, iv, ct, mac] = token.split('.') as [string, string, string, string];
    const tampered = [
      [version, iv, flipChar(ct, 3), mac],
      [version, flipChar(iv, 0), ct, mac],
      [version, iv, ct, flipChar(mac, 5)],
    ];
    for (const parts of tampered) {
      expect(() => cipher.decrypt(parts.join('.'))).toThrow(/integrity check/);
    }
    expect(() => cipher.decrypt(['v2', iv, ct, mac].join('.'))).toThrow(/malformed/);
  });

  it('throws when the ciphertext was cut or extended', () => {
    const [version, iv, ct, mac] = cipher.encrypt('a'.repeat(40)).split('.') as [
      string,
      string,
      string,
      string,
    ];
    const shorter = Buffer.from(ct, 'base64url').subarray(16).toString('base64url');
    expect(() => cipher.decrypt([version, iv, shorter, mac].join('.'))).toThrow(/integrity check/);
    const longer = Buffer.concat([Buffer.from(ct, 'base64url'), randomBytes(16)]).toString('base64url');
    expect(() => cipher.decrypt([version, iv, longer, mac].join('.'))).toThrow(/integrity check/);
  });

  it('throws on a token made with other keys', () => {
    const other = createFieldCipher(newKeys());
    expect(() => other.decrypt(cipher.encrypt('152222198001011234'))).toThrow(/integrity check/);
  });

  it('throws a clear error on malformed input', () => {
    for (const bad of ['', 'hello', 'v1.a.b', 'v1...', 'v1.AAAA.AAAA.AAAA']) {
      expect(() => cipher.decrypt(bad)).toThrow(/malformed/);
    }
  });

  it('refuses keys of the wrong length', () => {
    expect(() => createFieldCipher({ ...newKeys(), encryptionKey: randomBytes(32) })).toThrow(
      /encryptionKey/,
    );
    expect(() => createFieldCipher({ ...newKeys(), macKey: randomBytes(16) })).toThrow(/macKey/);
    expect(() => createFieldCipher({ ...newKeys(), indexKey: randomBytes(8) })).toThrow(/indexKey/);
  });

  it('computes a deterministic blind index that ignores spaces around and letter case', () => {
    const index = cipher.blindIndex('11010519491231002X');
    expect(index).toMatch(/^[0-9a-f]{64}$/);
    expect(cipher.blindIndex(' 11010519491231002x ')).toBe(index);
    expect(cipher.blindIndex('110105194912310021')).not.toBe(index);
    expect(createFieldCipher(newKeys()).blindIndex('11010519491231002X')).not.toBe(index);
    expect(index).not.toBe(sm3Hex('11010519491231002X'));
  });
});

describe('randomToken and constantTimeEqual', () => {
  it('makes base64url tokens of the requested size that do not repeat', () => {
    expect(randomToken()).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(randomToken(24), 'base64url')).toHaveLength(24);
    expect(randomToken()).not.toBe(randomToken());
  });

  it('compares strings of any length', () => {
    expect(constantTimeEqual('abc', 'abc')).toBe(true);
    expect(constantTimeEqual('abc', 'abd')).toBe(false);
    expect(constantTimeEqual('abc', 'abcd')).toBe(false);
    expect(constantTimeEqual('', '')).toBe(true);
  });
});

describe('loadOrCreateSecrets', () => {
  const dirs: string[] = [];
  function tempDir(): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jiceng-secrets-'));
    dirs.push(dir);
    return dir;
  }
  afterEach(() => {
    for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('creates the file with random keys, mode 0600, in missing parent directories, then reuses it', () => {
    const file = path.join(tempDir(), 'nested', 'deeper', 'secrets.json');
    const created = loadOrCreateSecrets({ file, env: {} });
    expect(created.source).toBe('created');
    expect(created.encryptionKey).toHaveLength(16);
    expect(created.macKey).toHaveLength(32);
    expect(created.indexKey).toHaveLength(32);
    expect(created.sessionKey).toHaveLength(32);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    const json = JSON.parse(fs.readFileSync(file, 'utf8'));
    expect(json).toMatchObject({ version: 1, encryptionKey: created.encryptionKey.toString('hex') });
    expect(fs.readdirSync(path.dirname(file))).toEqual(['secrets.json']);

    const loaded = loadOrCreateSecrets({ file, env: {} });
    expect(loaded.source).toBe('file');
    expect(loaded.encryptionKey.equals(created.encryptionKey)).toBe(true);
    expect(loaded.indexKey.equals(created.indexKey)).toBe(true);
    // Data encrypted before a restart is readable after it.
    const token = createFieldCipher(created).encrypt('152222198001011234');
    expect(createFieldCipher(loaded).decrypt(token)).toBe('152222198001011234');
  });

  it('creates different keys for different installations', () => {
    const a = loadOrCreateSecrets({ file: path.join(tempDir(), 's.json'), env: {} });
    const b = loadOrCreateSecrets({ file: path.join(tempDir(), 's.json'), env: {} });
    expect(a.encryptionKey.equals(b.encryptionKey)).toBe(false);
    expect(a.macKey.equals(a.indexKey)).toBe(false);
  });

  it('prefers JICENG_SECRETS as JSON or base64 of JSON, and writes no file', () => {
    const keys = {
      version: 1,
      encryptionKey: '00'.repeat(16),
      macKey: '11'.repeat(32),
      indexKey: '22'.repeat(32),
      sessionKey: '33'.repeat(32),
    };
    const file = path.join(tempDir(), 'secrets.json');
    const fromJson = loadOrCreateSecrets({ file, env: { JICENG_SECRETS: JSON.stringify(keys) } });
    const fromBase64 = loadOrCreateSecrets({
      file,
      env: { JICENG_SECRETS: Buffer.from(JSON.stringify(keys)).toString('base64') },
    });
    for (const secrets of [fromJson, fromBase64]) {
      expect(secrets.source).toBe('env');
      expect(secrets.macKey.toString('hex')).toBe(keys.macKey);
      expect(secrets.sessionKey.toString('hex')).toBe(keys.sessionKey);
    }
    expect(fs.existsSync(file)).toBe(false);
  });

  it('refuses bad keys with a message that names the key', () => {
    const file = path.join(tempDir(), 'secrets.json');
    const short = JSON.stringify({
      encryptionKey: 'abcd',
      macKey: '11'.repeat(32),
      indexKey: '22'.repeat(32),
      sessionKey: '33'.repeat(32),
    });
    expect(() => loadOrCreateSecrets({ file, env: { JICENG_SECRETS: short } })).toThrow(/encryptionKey/);
    expect(() => loadOrCreateSecrets({ file, env: { JICENG_SECRETS: 'not json at all!' } })).toThrow(
      /JICENG_SECRETS/,
    );
    fs.writeFileSync(file, '{ broken');
    expect(() => loadOrCreateSecrets({ file, env: {} })).toThrow(/secrets\.json/);
    fs.writeFileSync(file, JSON.stringify({ version: 1, encryptionKey: '00'.repeat(16) }));
    expect(() => loadOrCreateSecrets({ file, env: {} })).toThrow(/macKey/);
  });
});
