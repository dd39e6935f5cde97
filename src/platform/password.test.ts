import { describe, expect, it } from 'vitest';
import { checkPasswordPolicy, generatePassword, hashPassword, verifyPassword } from './password';

describe('checkPasswordPolicy', () => {
  it('accepts 8 characters with three classes', () => {
    expect(checkPasswordPolicy('abcdEF12')).toEqual({ ok: true });
    expect(checkPasswordPolicy('abcdef1!')).toEqual({ ok: true });
    expect(checkPasswordPolicy('ABCDEF1!')).toEqual({ ok: true });
  });

  it('rejects 7 characters even with four classes, with the Chinese rule in the message', () => {
    expect(checkPasswordPolicy('abCD12!')).toEqual({
      ok: false,
      message: '密码至少 8 位，且须包含大写字母、小写字母、数字、符号中的至少三类',
    });
  });

  it.each(['abcdefgh', 'abcdefg1', 'ABCDEFG!', '12345678', 'abcdEFGH'])(
    'rejects %s: fewer than three classes',
    (pw) => {
      expect(checkPasswordPolicy(pw)).toMatchObject({
        ok: false,
        message: expect.stringContaining('至少三类'),
      });
    },
  );

  it('counts Chinese characters and spaces as symbols, and length in characters', () => {
    expect(checkPasswordPolicy('密码Abc12345')).toEqual({ ok: true });
    expect(checkPasswordPolicy('abc DEF 12')).toEqual({ ok: true });
    expect(checkPasswordPolicy('密码密码密码aA')).toEqual({ ok: true });
    expect(checkPasswordPolicy('密码密码密aA')).toMatchObject({ ok: false });
  });

  it('follows the configured length and classes', () => {
    expect(checkPasswordPolicy('abcdEF12', { minLength: 12 })).toMatchObject({
      ok: false,
      message: expect.stringContaining('至少 12 位'),
    });
    expect(checkPasswordPolicy('abcdefgh', { minClasses: 1 })).toEqual({ ok: true });
    expect(checkPasswordPolicy('abcdEF12', { minClasses: 4 })).toMatchObject({
      ok: false,
      message: '密码至少 8 位，且须同时包含大写字母、小写字母、数字和符号',
    });
    expect(checkPasswordPolicy('abcdEF1!', { minClasses: 4 })).toEqual({ ok: true });
  });

  it('rejects a password containing the username, whatever the case', () => {
    expect(checkPasswordPolicy('Zhangsan2024!', {}, { username: 'zhangsan' })).toEqual({
      ok: false,
      message: '密码不能包含用户名，请换一个',
    });
    expect(checkPasswordPolicy('xxADMINxx1', {}, { username: 'admin' })).toMatchObject({ ok: false });
    expect(checkPasswordPolicy('Lisi2024!abc', {}, { username: 'zhangsan' })).toEqual({ ok: true });
  });

  it('ignores very short usernames that would forbid ordinary letters', () => {
    expect(checkPasswordPolicy('abcdEF12', {}, { username: 'ab' })).toEqual({ ok: true });
  });

  it('rejects passwords longer than 128 characters', () => {
    expect(checkPasswordPolicy(`Aa1!${'x'.repeat(125)}`)).toMatchObject({
      ok: false,
      message: expect.stringContaining('128'),
    });
    expect(checkPasswordPolicy(`Aa1!${'x'.repeat(124)}`)).toEqual({ ok: true });
  });
});

describe('hashPassword and verifyPassword', () => {
  it('hashes with argon2id at the OWASP minimum and verifies', async () => {
    const hash = await hashPassword('Correct-Horse-9');
    expect(hash).toMatch(/^\$argon2id\$v=19\$/);
    const params = hash.split('$')[3]!.split(',').sort();
    expect(params).toEqual(['m=19456', 'p=1', 't=2']);
    expect(await verifyPassword(hash, 'Correct-Horse-9')).toBe(true);
    expect(await verifyPassword(hash, 'correct-horse-9')).toBe(false);
    expect(await verifyPassword(hash, '')).toBe(false);
  });

  it('salts: the same password hashes differently each time', async () => {
    const [a, b] = await Promise.all([hashPassword('Same-Pass-1'), hashPassword('Same-Pass-1')]);
    expect(a).not.toBe(b);
    expect(await verifyPassword(b, 'Same-Pass-1')).toBe(true);
  });

  it('treats a malformed stored hash as a mismatch instead of throwing', async () => {
    expect(await verifyPassword('not-a-hash', 'whatever')).toBe(false);
    expect(await verifyPassword('', 'whatever')).toBe(false);
  });
});

describe('generatePassword', () => {
  it('makes 14-character passwords that pass the strictest policy and avoid ambiguous characters', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 500; i++) {
      const pw = generatePassword();
      expect(pw).toHaveLength(14);
      expect(pw).not.toMatch(/[0Oo1lI]/);
      expect(checkPasswordPolicy(pw, { minLength: 14, minClasses: 4 })).toEqual({ ok: true });
      seen.add(pw);
    }
    expect(seen.size).toBe(500);
  });

  it('does not always put the guaranteed characters first', () => {
    const firstIsLower = Array.from({ length: 200 }, () => /[a-z]/.test(generatePassword()[0]!));
    expect(firstIsLower).toContain(true);
    expect(firstIsLower).toContain(false);
  });

  it('supports other lengths but not weak ones', () => {
    expect(generatePassword(20)).toHaveLength(20);
    expect(() => generatePassword(6)).toThrow(RangeError);
  });
});
