import { describe, expect, it } from 'vitest';
import { canNest } from '../modules/orgs/unitTypes';
import { parseIdNumber } from '../modules/people/idNumber';
import { type DemoData, generateDemoBanner } from './generate';

function countByType(data: DemoData): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const unit of data.units) counts[unit.type] = (counts[unit.type] ?? 0) + 1;
  return counts;
}

function expectWellFormedTree(data: DemoData): void {
  const byKey = new Map(data.units.map((u) => [u.key, u]));
  const seen = new Set<string>();
  const siblingNames = new Set<string>();
  for (const unit of data.units) {
    const parent = unit.parentKey === null ? null : byKey.get(unit.parentKey);
    if (unit.parentKey !== null)
      expect(seen.has(unit.parentKey), `${unit.name} comes after its parent`).toBe(true);
    expect(canNest(parent?.type ?? null, unit.type), `${unit.type} ${unit.name} under ${parent?.type}`).toBe(
      true,
    );
    const sibling = `${unit.parentKey}/${unit.name}`;
    expect(siblingNames.has(sibling), `duplicate sibling ${unit.name}`).toBe(false);
    siblingNames.add(sibling);
    seen.add(unit.key);
  }
  expect(data.units.filter((u) => u.parentKey === null)).toHaveLength(1);
  expect(data.rootKey).toBe(data.units[0]!.key);
}

describe('generateDemoBanner', () => {
  it('gives byte-identical output for the same seed and different output for another seed', () => {
    const first = JSON.stringify(generateDemoBanner({ size: 'small' }));
    const second = JSON.stringify(generateDemoBanner({ size: 'small' }));
    expect(second).toBe(first);
    expect(JSON.stringify(generateDemoBanner({ size: 'small', seed: 7 }))).not.toBe(first);
  });

  it('builds a realistic banner: townships, 嘎查, 社区, agencies and their Party organisations', () => {
    const data = generateDemoBanner({ size: 'banner' });
    expectWellFormedTree(data);
    const counts = countByType(data);
    expect(counts.banner).toBe(1);
    expect((counts.sumu ?? 0) + (counts.town ?? 0)).toBeGreaterThanOrEqual(10);
    expect((counts.sumu ?? 0) + (counts.town ?? 0)).toBeLessThanOrEqual(14);
    expect(counts.sumu).toBeGreaterThan(0);
    expect(counts.town).toBeGreaterThan(0);
    expect(counts.gacha).toBeGreaterThanOrEqual(150);
    expect(counts.gacha).toBeLessThanOrEqual(190);
    expect(counts.community).toBeGreaterThanOrEqual(15);
    expect(counts.community).toBeLessThanOrEqual(25);
    const agencies = (counts.agency ?? 0) + (counts.institution ?? 0) + (counts.stateEnterprise ?? 0);
    expect(agencies).toBeGreaterThanOrEqual(55);
    expect(agencies).toBeLessThanOrEqual(80);
    expect(counts.stateEnterprise).toBeGreaterThan(0);
    expect(counts.newOrganization).toBeGreaterThan(0);
    expect(counts.partyWorkCommittee).toBe(1);
    expect(counts.mobileTalentBranch).toBe(1);
    expect(counts.partyGroup).toBeGreaterThan(0);
    expect(counts.generalBranch).toBeGreaterThan(0);

    const root = data.units[0]!;
    expect(root).toMatchObject({ type: 'banner', name: '哈日乌拉旗', code: '152299' });
    const childrenOf = (key: string) => data.units.filter((u) => u.parentKey === key);
    expect(childrenOf(root.key).map((u) => u.name)).toContain('中共哈日乌拉旗委员会');
    // Every 苏木镇 has its 党委; every 嘎查 and 社区 its 党支部; every agency a branch or 党总支.
    for (const unit of data.units) {
      const kids = childrenOf(unit.key);
      if (unit.type === 'sumu' || unit.type === 'town') {
        expect(kids.some((k) => k.type === 'partyCommittee' && k.name === `中共${unit.name}委员会`)).toBe(
          true,
        );
      }
      if (unit.type === 'gacha' || unit.type === 'community') {
        expect(kids.some((k) => k.type === 'branch' && k.name === `${unit.name}党支部`)).toBe(true);
      }
      if (['agency', 'institution', 'stateEnterprise', 'newOrganization'].includes(unit.type)) {
        expect(
          kids.some((k) => k.type === 'branch' || k.type === 'generalBranch'),
          unit.name,
        ).toBe(true);
      }
    }
    expect(data.units.some((u) => u.name === '旗教育局机关党总支' || u.name === '旗教育局机关党支部')).toBe(
      true,
    );
  });

  it('creates about 8,000 valid, unique fictional people attached to existing units', () => {
    const data = generateDemoBanner({ size: 'banner' });
    expect(data.people).toHaveLength(8000);
    const unitTypes = new Map(data.units.map((u) => [u.key, u.type]));
    const ids = new Set<string>();
    const ethnicity: Record<string, number> = {};
    let residential = 0;
    for (const person of data.people) {
      const parsed = parseIdNumber(person.idNumber, { today: '2026-11-25' });
      if (!parsed.ok) throw new Error(`${person.name}: ${person.idNumber} ${parsed.message}`);
      expect(parsed.value.gender).toBe(person.gender);
      expect(parsed.value.birthDate).toBe(person.birthDate);
      expect(person.birthDate >= '1950-01-01' && person.birthDate <= '2005-12-31').toBe(true);
      ids.add(person.idNumber);
      if (person.phone !== null) expect(person.phone).toMatch(/^1[358]\d{9}$/);
      expect(person.name).toMatch(/^\p{Script=Han}{2,8}$/u);
      const type = unitTypes.get(person.unitKey);
      expect(type).toBeDefined();
      if (type === 'gacha' || type === 'community') residential += 1;
      ethnicity[person.ethnicity] = (ethnicity[person.ethnicity] ?? 0) + 1;
    }
    expect(ids.size).toBe(8000);
    expect(residential / 8000).toBeGreaterThan(0.75);
    expect(ethnicity.蒙古族! / 8000).toBeGreaterThanOrEqual(0.4);
    expect(ethnicity.蒙古族! / 8000).toBeLessThanOrEqual(0.5);
    expect(ethnicity.汉族).toBeGreaterThan(3000);
    expect(ethnicity.满族).toBeGreaterThan(0);
    expect(ethnicity.达斡尔族).toBeGreaterThan(0);
    // Region codes are real Inner Mongolian ones, never the fictional banner's code.
    expect([...ids].every((id) => id.startsWith('15') && !id.startsWith('152299'))).toBe(true);
  });

  it('keeps the same shape at small size', () => {
    const data = generateDemoBanner({ size: 'small' });
    expectWellFormedTree(data);
    const counts = countByType(data);
    expect((counts.sumu ?? 0) + (counts.town ?? 0)).toBe(3);
    expect(counts.gacha).toBeGreaterThanOrEqual(10);
    expect(counts.gacha).toBeLessThanOrEqual(14);
    expect(counts.community).toBe(2);
    expect(
      data.units.filter(
        (u) => u.parentKey === data.rootKey && ['agency', 'institution', 'stateEnterprise'].includes(u.type),
      ),
    ).toHaveLength(8);
    expect(data.people.length).toBeGreaterThanOrEqual(250);
    expect(data.people.length).toBeLessThanOrEqual(350);
  });

  it('scales people by the factor and builds a league of banners from factor 2 up', () => {
    expect(generateDemoBanner({ size: 'small', factor: 0.5 }).people).toHaveLength(150);
    const league = generateDemoBanner({ size: 'small', factor: 10 });
    expectWellFormedTree(league);
    const root = league.units[0]!;
    expect(root.type).toBe('league');
    const banners = league.units.filter((u) => u.type === 'banner');
    expect(banners).toHaveLength(10);
    expect(banners.every((b) => b.parentKey === root.key)).toBe(true);
    expect(new Set(banners.map((b) => b.name)).size).toBe(10);
    expect(league.people).toHaveLength(3000);
    expect(new Set(league.people.map((p) => p.idNumber)).size).toBe(3000);
  });
});
