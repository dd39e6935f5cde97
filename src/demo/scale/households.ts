// Households at scale: every grid filled to a realistic size (社区 grids by the building, 嘎查 grids by
// the 组), registered by its grid worker over the years, phone and care categories encrypted as the
// service stores them, one audit row each with what the service audits (never the phone).
import { careCategories } from '../../modules/grid';
import { maskPhone } from '../../modules/people';
import { createRandom } from '../random';
import type { AuditDraft } from './audit';
import { StageProgress } from './progress';
import { mobileNumber, residentName } from './residents';
import type { ScaleRun } from './run';
import { chinaTime, daysBetween, firstOfMonthsBack } from './time';
import { householdRelations } from './words';

const DAY = 86_400_000;
const numerals = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十', '十一', '十二'];

const householdColumns = {
  id: 'uuid',
  banner_id: 'uuid',
  grid_id: 'uuid',
  address: 'text',
  head_name: 'text',
  members: 'jsonb',
  phone_cipher: 'text',
  phone_masked: 'text',
  care_cipher: 'text',
  note: 'text',
  created_at: 'timestamptz',
  updated_at: 'timestamptz',
} as const;

/** How many households a grid holds: [community, 嘎查] ranges per demo size. */
const sizes = {
  banner: { community: [120, 200], gacha: [40, 90] },
  small: { community: [20, 30], gacha: [8, 15] },
} as const;

/** Adds households until every grid holds its size; returns how many were added. */
export async function seedHouseholds(run: ScaleRun): Promise<{ households: number }> {
  const { snapshot, writer, ids, cipher } = run;
  const random = createRandom(run.seed ^ 0x40e5e);
  const from = chinaTime(firstOfMonthsBack(run.today, 59), 9).getTime();
  const span = daysBetween(firstOfMonthsBack(run.today, 59), run.today) - 30;
  // First who is registered when: per grid the days (from `from`) of its new households, in order. The
  // households are then made a month at a time, so the rows come in order of time and memory stays small.
  const gridIndexInVillage = new Map<string, number>();
  const plans = snapshot.grids.map((grid) => {
    const village = snapshot.unitById.get(grid.unitId)!;
    const index = gridIndexInVillage.get(village.id) ?? 0;
    gridIndexInVillage.set(village.id, index + 1);
    const [low, high] = sizes[run.size][village.type === 'community' ? 'community' : 'gacha'];
    const missing = Math.max(0, random.int(low, high) - grid.households);
    const days = Array.from({ length: missing }, () => random.int(0, span)).sort((a, b) => a - b);
    return { grid, village, index, days, next: 0 };
  });
  const progress = new StageProgress(
    run.onProgress,
    'households',
    plans.reduce((sum, p) => sum + p.days.length, 0),
  );
  const rowsBefore = writer.rows;
  const WINDOW = 30;
  for (let windowStart = 0; windowStart <= span; windowStart += WINDOW) {
    const rows: Array<{ row: Record<string, unknown>; audit: AuditDraft; at: number }> = [];
    for (const plan of plans) {
      const { grid, village, index, days } = plan;
      const community = village.type === 'community';
      const registrar = grid.workerName ?? `${village.name}工作人员`;
      for (; plan.next < days.length && days[plan.next]! < windowStart + WINDOW; plan.next++) {
        const n = plan.next;
        // Addresses the demo's own households do not use: buildings from 21, 组 by grid.
        const address = community
          ? `${village.name}${21 + index * 10 + Math.floor(n / 36)} 号楼 ${1 + (Math.floor(n / 12) % 3)} 单元 ${1 + (Math.floor(n / 2) % 6)}0${1 + (n % 2)}`
          : `${village.name}${numerals[(index * 3 + Math.floor(n / 40)) % numerals.length]}组 ${100 + (n % 40)} 号`;
        const head = residentName(random).name;
        const phone = random.chance(0.8) ? mobileNumber(random) : null;
        const care = random.chance(0.18)
          ? [
              ...new Set([
                random.pick(careCategories),
                ...(random.chance(0.3) ? [random.pick(careCategories)] : []),
              ]),
            ].sort()
          : [];
        const members = Array.from({ length: random.int(0, 4) }, () => ({
          personId: null,
          name: residentName(random).name,
          relation: random.pick(householdRelations),
        }));
        const at = from + days[n]! * DAY + random.int(0, 8 * 60) * 60_000;
        const id = ids.uuid(at);
        rows.push({
          at,
          row: {
            id,
            banner_id: grid.bannerId,
            grid_id: grid.id,
            address,
            head_name: head,
            members,
            phone_cipher: phone ? cipher.encrypt(phone) : null,
            phone_masked: phone ? maskPhone(phone) : null,
            care_cipher: care.length > 0 ? cipher.encrypt(JSON.stringify(care)) : null,
            note: care.includes('livingAlone') ? '网格员每周走访' : '',
            created_at: new Date(at).toISOString(),
            updated_at: new Date(at).toISOString(),
          },
          audit: {
            at: new Date(at),
            actorName: registrar,
            entity: 'gridHousehold',
            entityId: id,
            action: 'create',
            after: { gridId: grid.id, address, headName: head, members: members.length },
          },
        });
      }
    }
    if (rows.length === 0) continue;
    rows.sort((a, b) => a.at - b.at);
    await writer.insert(
      'grid_households',
      householdColumns,
      rows.map((r) => r.row),
    );
    await run.audit.write(rows.map((r) => r.audit));
    progress.done += rows.length;
    progress.rows = writer.rows - rowsBefore;
    progress.report(new Date(rows[rows.length - 1]!.at).toISOString().slice(0, 7));
  }
  await run.audit.settle();
  progress.rows = writer.rows - rowsBefore;
  progress.report('written', true);
  return { households: progress.done };
}
