import { INNER_MONGOLIA_REGIONS, makeIdNumber } from '../modules/people/idNumber';
import { canNest } from '../modules/orgs/unitTypes';
import * as words from './names';
import { apportion, createRandom, type Random } from './random';

/** How big one demo banner is: a realistic full banner, or a small one for tests and browser journeys. */
export type DemoSize = 'banner' | 'small';

/** One unit of the demo tree; `key` links children to parents (database ids are assigned at load time). */
export interface DemoUnit {
  key: string;
  parentKey: string | null;
  name: string;
  shortName: string | null;
  type: string;
  code: string | null;
  sortOrder: number;
}

/** One fictional person, attached to a unit by key. */
export interface DemoPerson {
  name: string;
  gender: 'male' | 'female';
  birthDate: string;
  ethnicity: string;
  idNumber: string;
  phone: string | null;
  unitKey: string;
}

/** The whole demo data set: units parents-first, then people. */
export interface DemoData {
  seed: number;
  size: DemoSize;
  factor: number;
  rootKey: string;
  units: DemoUnit[];
  people: DemoPerson[];
}

export interface DemoOptions {
  seed?: number;
  size?: DemoSize;
  /** Scales the number of people; 2 or more also builds a league of round(factor) banners. */
  factor?: number;
}

interface Profile {
  towns: number;
  sumus: number;
  gachas: number;
  communities: number;
  agencies: readonly string[] | 'all';
  newOrganizations: number;
  people: number;
}

const profiles: Record<DemoSize, Profile> = {
  banner: {
    towns: 5,
    sumus: 7,
    gachas: 170,
    communities: 20,
    agencies: 'all',
    newOrganizations: 6,
    people: 8000,
  },
  small: {
    towns: 2,
    sumus: 1,
    gachas: 12,
    communities: 2,
    agencies: words.smallAgencies,
    newOrganizations: 1,
    people: 300,
  },
};

/** The default seed: the demo banner is the same on every machine. */
export const DEFAULT_DEMO_SEED = 20261125;

const HINGGAN_REGIONS = INNER_MONGOLIA_REGIONS.filter((r) => r.code.startsWith('1522')).map((r) => r.code);
const OTHER_REGIONS = INNER_MONGOLIA_REGIONS.filter((r) => !r.code.startsWith('1522')).map((r) => r.code);
const BIRTH_FROM = Date.UTC(1950, 0, 1) / 86_400_000;
const BIRTH_TO = Date.UTC(2005, 11, 31) / 86_400_000;

/** Collects units in parents-first order and refuses a nesting or a sibling name the tree would refuse. */
class TreeBuilder {
  readonly units: DemoUnit[] = [];
  private readonly byKey = new Map<string, DemoUnit>();
  private readonly childNames = new Map<string | null, Set<string>>();

  add(
    parentKey: string | null,
    type: string,
    name: string,
    extra: { shortName?: string; code?: string } = {},
  ): string {
    const parentType = parentKey === null ? null : this.byKey.get(parentKey)!.type;
    if (!canNest(parentType, type)) throw new Error(`demo: ${type} may not sit under ${parentType}`);
    const siblings = this.childNames.get(parentKey) ?? new Set<string>();
    if (siblings.has(name)) throw new Error(`demo: duplicate sibling name ${name}`);
    siblings.add(name);
    this.childNames.set(parentKey, siblings);
    const unit: DemoUnit = {
      key: `u${this.units.length + 1}`,
      parentKey,
      name,
      shortName: extra.shortName ?? null,
      type,
      code: extra.code ?? null,
      sortOrder: siblings.size,
    };
    this.units.push(unit);
    this.byKey.set(unit.key, unit);
    return unit.key;
  }
}

/** Where a banner's people may be attached. */
interface BannerHomes {
  residential: string[];
  workplaces: string[];
}

/**
 * Generates the fictional demo banner (or, for factor ≥ 2, a league of banners) with its Party
 * organisations and people as plain data. Fully deterministic: the same options give identical output.
 */
export function generateDemoBanner({
  seed = DEFAULT_DEMO_SEED,
  size = 'banner',
  factor = 1,
}: DemoOptions = {}): DemoData {
  if (!(factor > 0) || !Number.isFinite(factor))
    throw new RangeError(`demo factor must be a positive number, got ${factor}`);
  const random = createRandom(seed);
  const profile = profiles[size];
  const tree = new TreeBuilder();
  const bannerCount = factor >= 2 ? Math.round(factor) : 1;

  let leagueKey: string | null = null;
  if (bannerCount > 1) {
    leagueKey = tree.add(null, 'league', words.leagueName);
    tree.add(leagueKey, 'partyCommittee', `中共${words.leagueName}委员会`, { shortName: '盟委' });
  }
  const names = bannerNamesFor(bannerCount);
  const homes = names.map((name, i) =>
    addBanner(tree, random, profile, { parentKey: leagueKey, name, code: String(152299 - i) }),
  );

  const people: DemoPerson[] = [];
  const usedIds = new Set<string>();
  const usedPhones = new Set<string>();
  const shares = apportion(
    Math.round(profile.people * factor),
    names.map(() => 1),
  );
  homes.forEach((home, i) => {
    for (let n = 0; n < shares[i]!; n++) people.push(makePerson(random, home, usedIds, usedPhones));
  });

  return { seed, size, factor, rootKey: tree.units[0]!.key, units: tree.units, people };
}

function bannerNamesFor(count: number): string[] {
  const result: string[] = [...words.bannerNames.slice(0, count)];
  for (const prefix of words.bannerPrefixes) {
    for (const suffix of words.bannerSuffixes) {
      if (result.length >= count) return result;
      const name = `${prefix}${suffix}旗`;
      if (!result.includes(name)) result.push(name);
    }
  }
  // More banners than syllable pairs: number the rest.
  for (let i = 1; result.length < count; i++) result.push(`第${i}旗`);
  return result;
}

function addBanner(
  tree: TreeBuilder,
  random: Random,
  profile: Profile,
  { parentKey, name, code }: { parentKey: string | null; name: string; code: string },
): BannerHomes {
  const homes: BannerHomes = { residential: [], workplaces: [] };
  const banner = tree.add(parentKey, 'banner', name, { code });
  const committee = tree.add(banner, 'partyCommittee', `中共${name}委员会`, { shortName: '旗委' });
  tree.add(committee, 'partyWorkCommittee', `中共${name}直属机关工作委员会`, { shortName: '旗直机关工委' });
  tree.add(committee, 'mobileTalentBranch', `${name}流动人才党支部`);

  const townships = [
    ...random
      .shuffle(words.townBases)
      .slice(0, profile.towns)
      .map((base) => ({ base, type: 'town', name: `${base}镇` })),
    ...random
      .shuffle(words.sumuBases)
      .slice(0, profile.sumus)
      .map((base) => ({ base, type: 'sumu', name: `${base}苏木` })),
  ].map((t) => {
    const key = tree.add(banner, t.type, t.name, { shortName: t.base });
    tree.add(key, 'partyCommittee', `中共${t.name}委员会`, {
      shortName: `${t.base}${t.type === 'town' ? '镇' : '苏木'}党委`,
    });
    return { ...t, key };
  });

  // The first town is the banner seat: it holds most communities and fewer 嘎查.
  const towns = townships.filter((t) => t.type === 'town');
  const communityShares = apportion(
    profile.communities,
    towns.map((_, i) => (i === 0 ? 3 : 1)),
  );
  const communityNames = random.shuffle(words.communityNames);
  towns.forEach((town, i) => {
    for (let n = 0; n < communityShares[i]!; n++) {
      const base = communityNames.pop() ?? `第${n + 1}`;
      const key = tree.add(town.key, 'community', `${base}社区`);
      tree.add(key, 'branch', `${base}社区党支部`);
      homes.residential.push(key, key);
    }
  });

  const gachaShares = apportion(
    profile.gachas,
    townships.map((t, i) => (i === 0 ? 0.5 : 0.7 + random.next() * 0.6) * (t.type === 'sumu' ? 1.1 : 1)),
  );
  const gachaNames = new Set<string>();
  townships.forEach((township, i) => {
    for (let n = 0; n < gachaShares[i]!; n++) {
      const name = uniqueGachaName(random, gachaNames);
      const key = tree.add(township.key, 'gacha', name);
      const branch = tree.add(key, 'branch', `${name}党支部`);
      if (random.chance(0.3)) {
        const groups = random.int(2, 3);
        for (let g = 0; g < groups; g++) tree.add(branch, 'partyGroup', `${words.ordinals[g]}党小组`);
      }
      homes.residential.push(key);
    }
  });

  // Police stations and justice offices sit in the towns.
  for (const town of towns) {
    for (const office of ['派出所', '司法所']) {
      const key = tree.add(town.key, 'agency', `${town.base}${office}`);
      tree.add(key, 'branch', `${town.base}${office}党支部`);
      homes.workplaces.push(key);
    }
  }

  const agencies =
    profile.agencies === 'all'
      ? words.agencyList
      : words.agencyList.filter(([n]) => profile.agencies.includes(n));
  for (const [agencyName, type, large] of agencies) {
    const key = tree.add(banner, type, agencyName);
    const prefix = type === 'agency' ? `${agencyName}机关` : agencyName;
    if (large) {
      const general = tree.add(key, 'generalBranch', `${prefix}党总支`);
      const branches = random.int(2, 3);
      for (let b = 0; b < branches; b++) tree.add(general, 'branch', `${words.ordinals[b]}党支部`);
    } else {
      tree.add(key, 'branch', `${prefix}党支部`);
    }
    homes.workplaces.push(key, key);
  }

  words.newOrganizationNames.slice(0, profile.newOrganizations).forEach((orgName, i) => {
    // Most sit directly under the banner; every third one in the seat town.
    const parent = i % 3 === 2 && towns[0] ? towns[0].key : banner;
    const key = tree.add(parent, 'newOrganization', orgName);
    tree.add(key, 'branch', `${orgName}党支部`);
    homes.workplaces.push(key);
  });
  return homes;
}

function uniqueGachaName(random: Random, used: Set<string>): string {
  for (let attempt = 0; attempt < 1000; attempt++) {
    const base = random.chance(0.15)
      ? random.pick(words.villageNames)
      : `${random.pick(words.gachaFirst)}${random.pick(words.gachaSecond)}`;
    const name = `${base}嘎查`;
    if (!used.has(name)) {
      used.add(name);
      return name;
    }
  }
  // Only reachable when far more 嘎查 are asked for than the word lists can name.
  const name = `第${used.size + 1}嘎查`;
  used.add(name);
  return name;
}

const ethnicities: readonly (readonly [string, number])[] = [
  ['蒙古族', 46],
  ['汉族', 48],
  ['满族', 3],
  ['回族', 1.5],
  ['达斡尔族', 1],
  ['朝鲜族', 0.5],
];

function makePerson(
  random: Random,
  homes: BannerHomes,
  usedIds: Set<string>,
  usedPhones: Set<string>,
): DemoPerson {
  const gender = random.chance(0.51) ? 'male' : 'female';
  const ethnicity = random.weighted(ethnicities);
  const birthDate = new Date(random.int(BIRTH_FROM, BIRTH_TO) * 86_400_000).toISOString().slice(0, 10);
  const name = personName(random, ethnicity, gender, Number(birthDate.slice(0, 4)));
  const regionCode = random.chance(0.85) ? random.pick(HINGGAN_REGIONS) : random.pick(OTHER_REGIONS);
  let idNumber: string;
  do {
    // GB 11643: an odd sequence number is a man, an even one a woman.
    const sequence = gender === 'male' ? 2 * random.int(0, 499) + 1 : 2 * random.int(1, 499);
    idNumber = makeIdNumber({ regionCode, birthDate, sequence });
  } while (usedIds.has(idNumber));
  usedIds.add(idNumber);

  let phone: string | null = null;
  if (random.chance(0.93)) {
    do {
      phone = `${random.pick(words.phonePrefixes)}${String(random.int(0, 99_999_999)).padStart(8, '0')}`;
    } while (usedPhones.has(phone));
    usedPhones.add(phone);
  }
  const atWork = homes.workplaces.length > 0 && random.chance(0.15);
  const unitKey = random.pick(atWork ? homes.workplaces : homes.residential);
  return { name, gender, birthDate, ethnicity, idNumber, phone, unitKey };
}

function hanGiven(random: Random, gender: 'male' | 'female', birthYear: number): string {
  const older = birthYear < 1975;
  if (gender === 'male') return random.pick(older ? words.hanMaleGivenOlder : words.hanMaleGivenYounger);
  return random.pick(older ? words.hanFemaleGivenOlder : words.hanFemaleGivenYounger);
}

function personName(random: Random, ethnicity: string, gender: 'male' | 'female', birthYear: number): string {
  switch (ethnicity) {
    case '蒙古族': {
      const style = random.next();
      if (style < 0.3) {
        // A full Mongolian name without a surname, e.g. 额尔敦巴特尔.
        const first = random.pick(words.mongolianFirst);
        const second = random.pick(
          gender === 'male' ? words.mongolianMaleSecond : words.mongolianFemaleSecond,
        );
        return first.endsWith(second)
          ? `${first}${random.pick(words.mongolianMaleSecond.slice(0, 3))}`
          : `${first}${second}`;
      }
      const surname = random.pick(words.mongolianSurnames);
      if (style < 0.85)
        return `${surname}${random.pick(gender === 'male' ? words.mongolianMaleGiven : words.mongolianFemaleGiven)}`;
      return `${surname}${hanGiven(random, gender, birthYear)}`;
    }
    case '满族':
      return `${random.pick(words.manchuSurnames)}${hanGiven(random, gender, birthYear)}`;
    case '回族':
      return `${random.pick(words.huiSurnames)}${hanGiven(random, gender, birthYear)}`;
    case '达斡尔族':
      return random.chance(0.5)
        ? `${random.pick(words.daurSurnames)}${hanGiven(random, gender, birthYear)}`
        : `${random.pick(words.daurSurnames)}${random.pick(gender === 'male' ? words.mongolianMaleGiven : words.mongolianFemaleGiven)}`;
    case '朝鲜族':
      return `${random.pick(words.koreanSurnames)}${hanGiven(random, gender, birthYear)}`;
    default:
      return `${random.pick(words.hanSurnames)}${hanGiven(random, gender, birthYear)}`;
  }
}
