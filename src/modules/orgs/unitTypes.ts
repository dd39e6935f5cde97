/** The kinds of unit the tree holds, grouped as DESIGN.md lists them. */
export type UnitCategory = 'area' | 'agency' | 'newOrganization' | 'party';

export interface UnitTypeSpec {
  key: string;
  name: string;
  category: UnitCategory;
  /** Types this type may sit under; an empty list means it may only be a root. */
  parents: readonly string[];
  /** May be a root of the tree. */
  root?: boolean;
}

const areas = ['league', 'banner', 'sumu', 'town', 'gacha', 'community'];
const agencies = ['agency', 'institution', 'stateEnterprise'];
const partyOrgs = ['partyCommittee', 'partyWorkCommittee', 'generalBranch', 'branch', 'mobileTalentBranch'];

/** Every unit type with its Chinese name and where it may be placed. */
export const unitTypes: readonly UnitTypeSpec[] = [
  { key: 'league', name: '盟', category: 'area', parents: [], root: true },
  { key: 'banner', name: '旗（县）', category: 'area', parents: ['league'], root: true },
  { key: 'sumu', name: '苏木', category: 'area', parents: ['banner'] },
  { key: 'town', name: '镇', category: 'area', parents: ['banner'] },
  { key: 'gacha', name: '嘎查（村）', category: 'area', parents: ['sumu', 'town'] },
  { key: 'community', name: '社区', category: 'area', parents: ['sumu', 'town', 'banner'] },
  {
    key: 'agency',
    name: '机关',
    category: 'agency',
    parents: ['league', 'banner', 'sumu', 'town', 'agency'],
  },
  {
    key: 'institution',
    name: '事业单位',
    category: 'agency',
    parents: ['league', 'banner', 'sumu', 'town', 'agency'],
  },
  { key: 'stateEnterprise', name: '国有企业', category: 'agency', parents: ['league', 'banner', 'agency'] },
  {
    key: 'newOrganization',
    name: '两新组织',
    category: 'newOrganization',
    parents: ['banner', 'sumu', 'town', 'gacha', 'community'],
  },
  {
    key: 'partyCommittee',
    name: '党委',
    category: 'party',
    parents: [...areas, ...agencies, 'newOrganization', 'partyCommittee'],
  },
  {
    key: 'partyWorkCommittee',
    name: '党工委',
    category: 'party',
    parents: ['league', 'banner', 'partyCommittee'],
  },
  {
    key: 'generalBranch',
    name: '党总支',
    category: 'party',
    parents: [...areas, ...agencies, 'newOrganization', 'partyCommittee', 'partyWorkCommittee'],
  },
  {
    key: 'branch',
    name: '党支部',
    category: 'party',
    parents: [
      ...areas,
      ...agencies,
      'newOrganization',
      'partyCommittee',
      'partyWorkCommittee',
      'generalBranch',
    ],
  },
  { key: 'partyGroup', name: '党小组', category: 'party', parents: ['branch', 'generalBranch'] },
  {
    key: 'mobileTalentBranch',
    name: '流动人才党支部',
    category: 'party',
    parents: ['banner', 'sumu', 'town', 'partyCommittee', 'partyWorkCommittee'],
  },
];

const byKey = new Map(unitTypes.map((t) => [t.key, t]));
const byName = new Map(
  unitTypes.flatMap((t) => [[t.name, t] as const, [t.name.replace(/（.*）/, ''), t] as const]),
);

/** The spec of a type key, if it exists. */
export function unitType(key: string): UnitTypeSpec | undefined {
  return byKey.get(key);
}

/** The type whose Chinese name (or its short form, e.g. 旗) matches, for imports. */
export function unitTypeByName(name: string): UnitTypeSpec | undefined {
  return byName.get(name.trim()) ?? byKey.get(name.trim());
}

/** The Chinese name of a type key (the key itself when unknown). */
export function unitTypeName(key: string): string {
  return byKey.get(key)?.name ?? key;
}

/** Whether a unit of `childType` may be placed under a unit of `parentType` (null: as a root). */
export function canNest(parentType: string | null, childType: string): boolean {
  const spec = byKey.get(childType);
  if (!spec) return false;
  if (parentType === null) return spec.root === true;
  return spec.parents.includes(parentType);
}

/** Party organisation types, for the "Party organisations by level" indicator. */
export const partyOrgTypes = [...partyOrgs, 'partyGroup'];
