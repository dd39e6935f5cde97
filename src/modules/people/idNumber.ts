import { todayInChina } from '../../platform/time';
/**
 * The 18-digit resident ID number (居民身份证号) as GB 11643-1999 defines it:
 * 6 digits region code, 8 digits birth date, 3 digits sequence (odd = male), 1 check digit.
 */

/** Why an ID number was rejected; each maps to one Chinese message. */
export type IdNumberProblem = 'format' | 'checksum' | 'birthDate' | 'region';

/** What an accepted ID number tells us. */
export interface ParsedIdNumber {
  /** Normalised: 18 characters, a lower-case x turned into X. */
  idNumber: string;
  birthDate: string;
  gender: 'male' | 'female';
  regionCode: string;
}

export type IdNumberResult =
  | { ok: true; value: ParsedIdNumber }
  | { ok: false; problem: IdNumberProblem; message: string };

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK_CHARS = '10X98765432';

// Province-level codes: 11-15 north, 21-23 north-east, 31-37 east, 41-46 central-south, 50-54 south-west,
// 61-65 north-west, 71 Taiwan, 81 Hong Kong, 82 Macao.
const PROVINCE_CODES = new Set(
  '11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 42 43 44 45 46 50 51 52 53 54 61 62 63 64 65 71 81 82'.split(
    ' ',
  ),
);

const MESSAGES: Record<IdNumberProblem, string> = {
  format: '身份证号应为 18 位（最后一位可为 X），请核对',
  checksum: '身份证号校验位错误，请核对后重新填写',
  birthDate: '身份证号中的出生日期无效（第 7–14 位），请核对',
  region: '身份证号前 6 位地区码无效，请核对',
};

/** Computes the ISO 7064 MOD 11-2 check character for the first 17 digits of an ID number. */
export function idNumberCheckDigit(first17: string): string {
  if (!/^\d{17}$/.test(first17)) throw new RangeError('idNumberCheckDigit needs exactly 17 digits');
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i]!;
  return CHECK_CHARS[sum % 11]!;
}

/** Whether YYYYMMDD names a real calendar day (so 1900-02-29 does not, 2000-02-29 does). */
function isRealDate(year: number, month: number, day: number): boolean {
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** Whether a 6-digit code can be a county-level region code (a real province, not a province or prefecture itself). */
function isValidRegionCode(code: string): boolean {
  if (!/^\d{6}$/.test(code)) return false;
  if (!PROVINCE_CODES.has(code.slice(0, 2))) return false;
  return code.slice(2, 4) !== '00';
}

function fail(problem: IdNumberProblem): IdNumberResult {
  return { ok: false, problem, message: MESSAGES[problem] };
}

/**
 * Validates and decodes an ID number (format, check digit, birth date, region) and returns the normalised
 * number with the birth date, gender and region it encodes, or the first problem with a Chinese message.
 * `today` (YYYY-MM-DD) fixes "now" for tests; by default it is today in Asia/Shanghai.
 */
export function parseIdNumber(raw: string, options: { today?: string } = {}): IdNumberResult {
  // NFKC turns full-width digits and Ｘ (common when pasted from Word or Excel) into ASCII.
  const idNumber = String(raw ?? '')
    .normalize('NFKC')
    .trim()
    .toUpperCase();
  if (!/^\d{17}[\dX]$/.test(idNumber)) return fail('format');
  // The check digit first: a typo is by far the most common reason for a bad number.
  if (idNumberCheckDigit(idNumber.slice(0, 17)) !== idNumber[17]) return fail('checksum');

  const year = Number(idNumber.slice(6, 10));
  const month = Number(idNumber.slice(10, 12));
  const day = Number(idNumber.slice(12, 14));
  const birthDate = `${idNumber.slice(6, 10)}-${idNumber.slice(10, 12)}-${idNumber.slice(12, 14)}`;
  if (year < 1900 || !isRealDate(year, month, day)) return fail('birthDate');
  if (birthDate > (options.today ?? todayInChina())) return fail('birthDate');

  const regionCode = idNumber.slice(0, 6);
  if (!isValidRegionCode(regionCode)) return fail('region');

  const gender = Number(idNumber[16]) % 2 === 1 ? 'male' : 'female';
  return { ok: true, value: { idNumber, birthDate, gender, regionCode } };
}

/** Masks an ID number for display: first 6 and last 4 characters kept (`152222********1234`). */
export function maskIdNumber(idNumber: string): string {
  const value = idNumber.trim();
  if (value.length < 11) return '*'.repeat(value.length);
  return `${value.slice(0, 6)}${'*'.repeat(value.length - 10)}${value.slice(-4)}`;
}

/** Masks a phone number for display: first 3 and last 4 digits kept (`138****5678`). */
export function maskPhone(phone: string): string {
  const value = phone.trim();
  if (value.length < 8) return '*'.repeat(value.length);
  return `${value.slice(0, 3)}****${value.slice(-4)}`;
}

/**
 * Builds a well-formed ID number with a correct check digit, for fictional demo and test people only.
 * `sequence` is 0..999; an odd sequence makes a man, an even one a woman.
 */
export function makeIdNumber({
  regionCode,
  birthDate,
  sequence,
}: {
  regionCode: string;
  birthDate: string;
  sequence: number;
}): string {
  if (!/^\d{6}$/.test(regionCode))
    throw new RangeError(`makeIdNumber: regionCode must be 6 digits, got ${regionCode}`);
  const date = /^(\d{4})-(\d{2})-(\d{2})$/.exec(birthDate);
  if (!date) throw new RangeError(`makeIdNumber: birthDate must be YYYY-MM-DD, got ${birthDate}`);
  if (!Number.isInteger(sequence) || sequence < 0 || sequence > 999) {
    throw new RangeError(`makeIdNumber: sequence must be an integer 0..999, got ${sequence}`);
  }
  const first17 = `${regionCode}${date[1]}${date[2]}${date[3]}${String(sequence).padStart(3, '0')}`;
  return first17 + idNumberCheckDigit(first17);
}

/** A county-level region code with its name and the league or city it belongs to. */
export interface RegionCode {
  code: string;
  name: string;
  prefecture: string;
}

/**
 * Real county-level region codes of Inner Mongolia for demo data: all of Hinggan League (兴安盟, 1522xx)
 * first, then a few elsewhere in the region.
 */
export const INNER_MONGOLIA_REGIONS: readonly RegionCode[] = [
  { code: '152201', name: '乌兰浩特市', prefecture: '兴安盟' },
  { code: '152202', name: '阿尔山市', prefecture: '兴安盟' },
  { code: '152221', name: '科尔沁右翼前旗', prefecture: '兴安盟' },
  { code: '152222', name: '科尔沁右翼中旗', prefecture: '兴安盟' },
  { code: '152223', name: '扎赉特旗', prefecture: '兴安盟' },
  { code: '152224', name: '突泉县', prefecture: '兴安盟' },
  { code: '150102', name: '新城区', prefecture: '呼和浩特市' },
  { code: '150105', name: '赛罕区', prefecture: '呼和浩特市' },
  { code: '150202', name: '东河区', prefecture: '包头市' },
  { code: '150402', name: '红山区', prefecture: '赤峰市' },
  { code: '150502', name: '科尔沁区', prefecture: '通辽市' },
  { code: '150602', name: '东胜区', prefecture: '鄂尔多斯市' },
  { code: '150702', name: '海拉尔区', prefecture: '呼伦贝尔市' },
  { code: '152502', name: '锡林浩特市', prefecture: '锡林郭勒盟' },
];
