import { describe, expect, it } from 'vitest';
import { matchesPinyin, normalisePinyinQuery, pinyinKey } from './pinyin';

describe('pinyinKey', () => {
  it('gives full pinyin and initials, lower case, without tones', () => {
    expect(pinyinKey('张三')).toBe('zhangsan zs');
    expect(pinyinKey('乌兰浩特')).toBe('wulanhaote wlht');
    expect(pinyinKey('科尔沁右翼中旗')).toBe('keerqinyouyizhongqi keqyyzq');
  });

  it('keeps non-Chinese letters and digits, lower-cased', () => {
    expect(pinyinKey('A小区')).toBe('axiaoqu axq');
    expect(pinyinKey('12号楼')).toBe('12haolou 12hl');
    expect(pinyinKey('Li Ming')).toBe('liming');
  });

  it('drops spaces and punctuation such as the middle dot in Mongolian names', () => {
    expect(pinyinKey(' 巴特尔·朝鲁 ')).toBe(pinyinKey('巴特尔朝鲁'));
    expect(pinyinKey('张 三')).toBe('zhangsan zs');
    expect(pinyinKey('（第一）党支部')).toBe('diyidangzhibu dydzb');
  });

  it('writes ü as v', () => {
    expect(pinyinKey('吕')).toBe('lv l');
    expect(pinyinKey('绿化')).toBe('lvhua lh');
  });

  it('reads polyphonic surnames as surnames when asked', () => {
    expect(pinyinKey('单雄信', { surname: true })).toBe('shanxiongxin sxx');
    expect(pinyinKey('曾小贤', { surname: true })).toBe('zengxiaoxian zxx');
    expect(pinyinKey('仇红', { surname: true })).toBe('qiuhong qh');
    // Without the option the common reading wins: right for places, wrong for these names.
    expect(pinyinKey('单雄信')).toBe('danxiongxin dxx');
  });

  it('returns an empty key for empty input', () => {
    expect(pinyinKey('')).toBe('');
    expect(pinyinKey('   ')).toBe('');
  });
});

describe('matchesPinyin', () => {
  const zhangSan = pinyinKey('张三', { surname: true });

  it('finds 张三 by initials and by full pinyin', () => {
    expect(matchesPinyin(zhangSan, 'zs')).toBe(true);
    expect(matchesPinyin(zhangSan, 'zhangsan')).toBe(true);
  });

  it('finds by part, ignoring case and spaces', () => {
    expect(matchesPinyin(zhangSan, 'Zhang')).toBe(true);
    expect(matchesPinyin(zhangSan, 'zhang san')).toBe(true);
    expect(matchesPinyin(zhangSan, 'san')).toBe(true);
  });

  it('finds by Chinese text converted to pinyin', () => {
    expect(matchesPinyin(pinyinKey('乌兰浩特市'), '浩特')).toBe(true);
  });

  it('does not match other names or across the space between the halves', () => {
    expect(matchesPinyin(zhangSan, 'ls')).toBe(false);
    expect(matchesPinyin(zhangSan, 'lisi')).toBe(false);
    expect(matchesPinyin(zhangSan, 'sanzs')).toBe(false);
  });

  it('matches nothing for an empty query', () => {
    expect(matchesPinyin(zhangSan, '')).toBe(false);
    expect(matchesPinyin(zhangSan, '  ')).toBe(false);
  });
});

describe('normalisePinyinQuery', () => {
  it('lower-cases, strips spaces and turns Chinese into full pinyin', () => {
    expect(normalisePinyinQuery(' Z S ')).toBe('zs');
    expect(normalisePinyinQuery('张三')).toBe('zhangsan');
  });
});
