import { describe, expect, it } from 'vitest';
import {
  idNumberCheckDigit,
  INNER_MONGOLIA_REGIONS,
  makeIdNumber,
  maskIdNumber,
  maskPhone,
  parseIdNumber,
} from './idNumber';

const today = '2024-06-15';

/** Builds an ID number with a correct check digit from any 17 digits, so other rules can be tested alone. */
function withCheckDigit(first17: string): string {
  return first17 + idNumberCheckDigit(first17);
}

describe('parseIdNumber', () => {
  it('accepts the GB 11643 example and decodes birth date, gender and region', () => {
    const result = parseIdNumber('11010519491231002X', { today });
    expect(result).toEqual({
      ok: true,
      value: {
        idNumber: '11010519491231002X',
        birthDate: '1949-12-31',
        gender: 'female',
        regionCode: '110105',
      },
    });
  });

  it('accepts a lower-case x and normalises it to X', () => {
    const result = parseIdNumber('11010519491231002x', { today });
    expect(result.ok && result.value.idNumber).toBe('11010519491231002X');
  });

  it('trims spaces and accepts full-width digits pasted from office documents', () => {
    const result = parseIdNumber(' １１０１０５１９４９１２３１００２ｘ ', { today });
    expect(result.ok && result.value.idNumber).toBe('11010519491231002X');
  });

  it('derives gender from the 17th digit: odd is male, even is female', () => {
    const male = parseIdNumber(withCheckDigit('15222219800101001'), { today });
    const female = parseIdNumber(withCheckDigit('15222219800101002'), { today });
    expect(male.ok && male.value.gender).toBe('male');
    expect(female.ok && female.value.gender).toBe('female');
  });

  it.each([
    ['', 'empty'],
    ['1101051949123100', '16 characters'],
    ['11010519491231002X1', '19 characters'],
    ['110105491231002', 'old 15-digit number'],
    ['1101051949123100XX', 'X not in the last place'],
    ['11010519491231002Y', 'a letter other than X'],
    ['110105 19491231002X', 'space inside'],
  ])('rejects %j (%s) as format with a Chinese message that says what to do', (raw) => {
    expect(parseIdNumber(raw, { today })).toEqual({
      ok: false,
      problem: 'format',
      message: '身份证号应为 18 位（最后一位可为 X），请核对',
    });
  });

  it('rejects a wrong check digit', () => {
    const result = parseIdNumber('110105194912310021', { today });
    expect(result).toMatchObject({ ok: false, problem: 'checksum' });
    expect(!result.ok && result.message).toContain('校验位错误');
  });

  it('rejects a single mistyped digit through the check digit', () => {
    // Swap one digit of a valid number: MOD 11-2 catches every single-digit error.
    expect(parseIdNumber('11010519491231003X', { today })).toMatchObject({ ok: false, problem: 'checksum' });
  });

  it('accepts the leap day 2000-02-29', () => {
    const result = parseIdNumber(withCheckDigit('15222220000229001'), { today });
    expect(result.ok && result.value.birthDate).toBe('2000-02-29');
  });

  it.each([
    ['19000229', '1900-02-29: 1900 is not a leap year'],
    ['20230229', '2023-02-29'],
    ['19800230', '30 February'],
    ['19801301', 'month 13'],
    ['19800001', 'month 0'],
    ['19800100', 'day 0'],
    ['19800431', '31 April'],
    ['18991231', 'before 1900'],
    ['21000101', 'in 2100, the future'],
    ['20240616', 'tomorrow'],
  ])('rejects birth date %s (%s)', (date) => {
    const result = parseIdNumber(withCheckDigit(`152222${date}001`), { today });
    expect(result).toMatchObject({ ok: false, problem: 'birthDate' });
    expect(!result.ok && result.message).toContain('出生日期无效');
  });

  it('accepts a person born today and on 1900-01-01', () => {
    expect(parseIdNumber(withCheckDigit('15222220240615001'), { today }).ok).toBe(true);
    expect(parseIdNumber(withCheckDigit('15222219000101001'), { today }).ok).toBe(true);
  });

  it('uses the real date in China when no today is given', () => {
    expect(parseIdNumber(withCheckDigit('15222221000101001'))).toMatchObject({ problem: 'birthDate' });
    expect(parseIdNumber('11010519491231002X').ok).toBe(true);
  });

  it.each([
    ['000000', 'all zeros'],
    ['150000', 'a province itself'],
    ['150022', 'no prefecture digits'],
    ['160101', 'province 16 does not exist'],
    ['100101', 'province 10 does not exist'],
    ['550101', 'province 55 does not exist'],
    ['910101', 'province 91 does not exist'],
  ])('rejects region %s (%s)', (region) => {
    const result = parseIdNumber(withCheckDigit(`${region}19800101001`), { today });
    expect(result).toMatchObject({
      ok: false,
      problem: 'region',
      message: '身份证号前 6 位地区码无效，请核对',
    });
  });

  it.each(['110101', '152222', '152200', '460201', '542621', '650102', '710101', '810101', '820101'])(
    'accepts region %s',
    (region) => {
      expect(parseIdNumber(withCheckDigit(`${region}19800101001`), { today }).ok).toBe(true);
    },
  );
});

describe('idNumberCheckDigit', () => {
  it('maps the weighted sum through 10X98765432', () => {
    expect(idNumberCheckDigit('11010519491231002')).toBe('X');
    expect(idNumberCheckDigit('44052418800101001')).toBe('4');
  });

  it('refuses anything but 17 digits', () => {
    expect(() => idNumberCheckDigit('1234')).toThrow(RangeError);
  });
});

describe('maskIdNumber and maskPhone', () => {
  it('keeps the first 6 and last 4 characters of an ID number', () => {
    expect(maskIdNumber('152222198001011234')).toBe('152222********1234');
    expect(maskIdNumber('11010519491231002X')).toBe('110105********002X');
  });

  it('never shows a short value in clear', () => {
    expect(maskIdNumber('12345')).toBe('*****');
    expect(maskIdNumber('')).toBe('');
  });

  it('keeps the first 3 and last 4 digits of a phone number', () => {
    expect(maskPhone('13812345678')).toBe('138****5678');
    expect(maskPhone(' 13812345678 ')).toBe('138****5678');
    expect(maskPhone('1234')).toBe('****');
  });
});

describe('makeIdNumber', () => {
  it('builds a number that parseIdNumber accepts, with the requested birth date and gender', () => {
    const man = makeIdNumber({ regionCode: '152222', birthDate: '1985-07-09', sequence: 123 });
    const woman = makeIdNumber({ regionCode: '152222', birthDate: '2000-02-29', sequence: 0 });
    expect(man).toMatch(/^15222219850709123[\dX]$/);
    expect(parseIdNumber(man, { today })).toMatchObject({
      ok: true,
      value: { birthDate: '1985-07-09', gender: 'male' },
    });
    expect(parseIdNumber(woman, { today })).toMatchObject({
      ok: true,
      value: { birthDate: '2000-02-29', gender: 'female' },
    });
  });

  it('produces valid numbers for every sequence and demo region', () => {
    for (const region of INNER_MONGOLIA_REGIONS) {
      for (let sequence = 0; sequence <= 999; sequence += 37) {
        const id = makeIdNumber({ regionCode: region.code, birthDate: '1970-01-01', sequence });
        expect(parseIdNumber(id, { today }).ok).toBe(true);
      }
    }
  });

  it('refuses bad input instead of making an invalid number', () => {
    expect(() => makeIdNumber({ regionCode: '15222', birthDate: '1980-01-01', sequence: 1 })).toThrow(
      RangeError,
    );
    expect(() => makeIdNumber({ regionCode: '152222', birthDate: '19800101', sequence: 1 })).toThrow(
      RangeError,
    );
    expect(() => makeIdNumber({ regionCode: '152222', birthDate: '1980-01-01', sequence: 1000 })).toThrow(
      RangeError,
    );
    expect(() => makeIdNumber({ regionCode: '152222', birthDate: '1980-01-01', sequence: 1.5 })).toThrow(
      RangeError,
    );
  });
});

describe('INNER_MONGOLIA_REGIONS', () => {
  it('lists all of Hinggan League with unique, valid codes', () => {
    const hinggan = INNER_MONGOLIA_REGIONS.filter((r) => r.prefecture === '兴安盟').map((r) => r.code);
    expect(hinggan).toEqual(['152201', '152202', '152221', '152222', '152223', '152224']);
    const codes = INNER_MONGOLIA_REGIONS.map((r) => r.code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const code of codes) expect(code).toMatch(/^15\d{2}(?<!00)\d{2}$/);
  });
});
