import { randomUUID } from 'node:crypto';
import { recordAudit, systemActor } from '../platform/audit/writer';
import type { FieldCipher } from '../platform/crypto';
import type { Database } from '../platform/db';
import { pinyinKey } from '../platform/pinyin';
import { units } from '../modules/orgs';
import { people, protectIdentity } from '../modules/people';
import { loadCentersDemo } from '../modules/centers';
import { loadElectionsDemo } from '../modules/elections';
import { loadGridDemo } from '../modules/grid';
import { loadMeetingsDemo } from '../modules/meetings';
import { loadMembersDemo } from '../modules/members';
import { loadReportsDemo } from '../modules/reports';
import { loadVoiceDemo } from '../modules/voice';
import { todayInChina } from '../platform/time';
import { registerIndicators } from '../app';
import type { DemoContext } from './context';
import { type DemoSize, generateDemoBanner } from './generate';

/** Module demo loaders, in dependency order (meetings need members, elections need people). */
const moduleLoaders = [
  ['members', loadMembersDemo],
  ['elections', loadElectionsDemo],
  ['meetings', loadMeetingsDemo],
  ['centers', loadCentersDemo],
  ['voice', loadVoiceDemo],
  ['grid', loadGridDemo],
  ['reports', loadReportsDemo],
] as const;

const BATCH = 1000;

export type DemoLoadStage = 'units' | 'people' | (typeof moduleLoaders)[number][0];

export interface LoadDemoOptions {
  cipher: FieldCipher;
  size?: DemoSize;
  factor?: number;
  seed?: number;
  /** Called after every batch; the loader itself prints nothing. */
  onProgress?: (stage: DemoLoadStage, done: number, total: number) => void;
}

export interface LoadedDemo {
  rootUnitId: string;
  counts: { units: number; people: number } & Record<string, number>;
}

/**
 * Generates the demo banner and writes it into an empty, migrated database in one transaction:
 * units parents-first with their paths, people with encrypted ID numbers, and one audit row.
 */
export async function loadDemoData(database: Database, options: LoadDemoOptions): Promise<LoadedDemo> {
  const { cipher, size = 'banner', factor = 1, seed, onProgress } = options;
  // Module loaders draft figures (the demo duty report) before the app starts: indicators first.
  registerIndicators();
  const data = generateDemoBanner({ seed, size, factor });

  // Ids and paths are assigned here, so the generator stays pure and loading twice never collides.
  // The demo tree is written in one go, but the banner's organisations are long established: dated
  // eight years back, so compliance rules do not treat every organisation as created mid-period.
  const today = todayInChina();
  const established = `${Number(today.slice(0, 4)) - 8}-03-01T08:00:00+08:00`;
  const placed = new Map<string, { id: string; path: string; depth: number; bannerId: string }>();
  const unitRows = data.units.map((unit) => {
    const id = randomUUID();
    const parent = unit.parentKey === null ? null : placed.get(unit.parentKey)!;
    const own = {
      id,
      path: `${parent?.path ?? '/'}${id}/`,
      depth: parent ? parent.depth + 1 : 0,
      // A banner (or the root) is its own distribution key; everything else inherits its banner's.
      bannerId: !parent || unit.type === 'banner' ? id : parent.bannerId,
    };
    placed.set(unit.key, own);
    return {
      ...own,
      parentId: parent?.id ?? null,
      name: unit.name,
      shortName: unit.shortName,
      type: unit.type,
      code: unit.code,
      pinyin: pinyinKey(unit.name),
      sortOrder: unit.sortOrder,
      createdAt: established,
      updatedAt: established,
    };
  });

  const personRows = data.people.map((person) => {
    const unit = placed.get(person.unitKey)!;
    const { gender: _fromId, birthDate: _alsoFromId, ...identity } = protectIdentity(cipher, person);
    return {
      bannerId: unit.bannerId,
      unitId: unit.id,
      name: person.name,
      namePinyin: pinyinKey(person.name),
      gender: person.gender,
      birthDate: person.birthDate,
      ethnicity: person.ethnicity,
      ...identity,
    };
  });

  const counts: LoadedDemo['counts'] = { units: unitRows.length, people: personRows.length };
  await database.db.transaction(async (tx) => {
    for (let i = 0; i < unitRows.length; i += BATCH) {
      await tx.insert(units).values(unitRows.slice(i, i + BATCH));
      onProgress?.('units', Math.min(i + BATCH, unitRows.length), unitRows.length);
    }
    for (let i = 0; i < personRows.length; i += BATCH) {
      await tx.insert(people).values(personRows.slice(i, i + BATCH));
      onProgress?.('people', Math.min(i + BATCH, personRows.length), personRows.length);
    }
    const demo: DemoContext = {
      seed: data.seed,
      size,
      factor,
      rootUnitId: placed.get(data.rootKey)!.id,
      units: unitRows.map((u) => ({
        id: u.id,
        parentId: u.parentId,
        path: u.path,
        type: u.type,
        name: u.name,
        bannerId: u.bannerId,
      })),
      cipher,
      today,
    };
    for (const [stage, load] of moduleLoaders) {
      const added = await load(tx, demo);
      for (const [kind, count] of Object.entries(added)) counts[kind] = count;
      onProgress?.(stage, 1, 1);
    }
    await recordAudit(tx, systemActor, {
      entity: 'demo',
      action: 'load',
      after: { seed: data.seed, size, factor, ...counts },
    });
  });
  // Everything went in as one transaction, so the planner has no statistics yet, and PGlite has no
  // autovacuum to gather them later: without them it plans the member list about three times slower.
  await database.query('analyze');

  return { rootUnitId: placed.get(data.rootKey)!.id, counts };
}
