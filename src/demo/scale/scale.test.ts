import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../test/support/database';
import { verifyAuditLog } from '../../platform/audit/sealer';
import { isFirstStart } from '../../platform/bootstrap';
import {
  type CaseClocks,
  dueEscalation,
  findCaseType,
  initialClocks,
  loadCalendar,
  planTransition,
} from '../../platform/cases';
import { createFieldCipher } from '../../platform/crypto';
import type { Database } from '../../platform/db';
import { todayInChina } from '../../platform/time';
import { NotEmptyError, type SeedScaleOptions, type SeedScaleResult, seedScale } from '.';
import { firstOfMonthsBack } from './time';
import { voicePerBanner } from './voice';

const EVENTS = 1000;
const options: SeedScaleOptions = {
  cipher: createFieldCipher({
    encryptionKey: randomBytes(16),
    macKey: randomBytes(32),
    indexKey: randomBytes(32),
  }),
  size: 'small',
  factor: 1,
  seed: 4242,
  eventsPerBanner: EVENTS,
  adminPassword: 'Scale#2026pass',
};
/** Rows the scale stages wrote carry UUID v7 ids; the demo's own rows are v4. */
const generated = (column: string) => `substr(${column}::text, 15, 1) = '7'`;

let first: Database;
let second: Database;
let result: SeedScaleResult;
let freshIndexes: string[];

const indexDefinitions = async (database: Database) =>
  (
    await database.query<{ def: string }>(
      'select indexdef as def from pg_indexes where schemaname = current_schema() order by indexname',
    )
  ).map((r) => r.def);

const json = (value: unknown) => (typeof value === 'string' ? JSON.parse(value) : value);
const time = (value: unknown) => (value === null ? null : new Date(value as string).getTime());

/** A digest of the data that ignores what is random at every load: ids, tracking codes, ciphertexts. */
async function fingerprint(database: Database) {
  const digest = async (rows: string) => {
    const [row] = await database.query<{ n: number; md5: string }>(
      `select count(*)::int as n, md5(string_agg(x, E'\\n' order by x)) as md5 from (${rows}) t`,
    );
    return row!;
  };
  return {
    cases: await digest(`select concat_ws('|', c.type, u.name, c.state, c.title, c.description, c.category,
        c.created_at, c.updated_at, c.accept_by, c.accepted_at, c.close_by, c.closed_at, c.paused_since, c.version,
        c.rating, c.rating_reasons, c.escalation_level, c.cycle, c.reopened_count, c.extended, c.submitter_name,
        c.submitter_index, c.submitter_contact_masked, c.lat, c.lng, c.repeat_of_id is null, c.chain_id is null,
        c.details - 'gridId' - 'areaUnitId') as x from cases c join units u on u.id = c.unit_id`),
    caseEvents: await digest(`select concat_ws('|', c.title, c.created_at, e.action, e.from_state, e.to_state,
        u.name, e.at, e.note, e.actor_name, jsonb_array_length(e.attachment_ids),
        e.payload - 'fromUnitId' - 'toUnitId' - 'targetUnitId' - 'repeatOfId' - 'chainId', e.escalation_level) as x
        from case_events e join cases c on c.id = e.case_id join units u on u.id = e.unit_id`),
    meetings:
      await digest(`select concat_ws('|', u.name, m.kind, m.held_on, m.place, m.host, m.topic, m.status,
        m.expected_full, m.expected_probationary, m.present_full, m.present_probationary, m.quorum_met) as x
        from meetings m join units u on u.id = m.unit_id`),
    households:
      await digest(`select concat_ws('|', g.code, h.address, h.head_name, h.members, h.phone_masked, h.note) as x
        from grid_households h join grids g on g.id = h.grid_id`),
    audit: await digest(`select concat_ws('|', entity, action, actor_name, at) as x from audit_log
        where entity in ('case', 'meeting', 'rectificationItem', 'gridHousehold', 'voice_publication')`),
  };
}

beforeAll(async () => {
  for (let attempt = 0; ; attempt++) {
    const day = todayInChina();
    first = await createTestDatabase();
    result = await seedScale(first, options);
    second = await createTestDatabase();
    freshIndexes = await indexDefinitions(second);
    await seedScale(second, options);
    if (todayInChina() === day || attempt > 0) break;
    // Midnight in China passed between the two seedings: the data moved a day. Both again, on one day.
    await first.close();
    await second.close();
  }
});
afterAll(async () => {
  await first?.close();
  await second?.close();
});

describe('seedScale', () => {
  it('tops grid events up to the number asked, in every state and with every kind of step', async () => {
    expect(result.counts.gridEvents).toBe(EVENTS);
    const [spread] = await first.query<Record<string, number>>(
      `select count(*) filter (where state = 'closed' and closed_at <= close_by)::int as "closedOnTime",
              count(*) filter (where state = 'closed' and closed_at > close_by)::int as "closedLate",
              count(*) filter (where state = 'rejected')::int as rejected,
              count(*) filter (where closed_at is null and state not in ('closed', 'rejected'))::int as open,
              count(*) filter (where closed_at is null and paused_since is null
                and ((accepted_at is null and accept_by <= now()) or close_by <= now()))::int as overdue,
              count(*) filter (where escalation_level > 0)::int as escalated,
              count(*) filter (where rating is not null)::int as rated,
              count(*) filter (where reopened_count > 0)::int as reopened,
              count(*) filter (where repeat_of_id is not null)::int as repeats
       from cases where type = 'grid.event' and ${generated('id')}`,
    );
    for (const [kind, n] of Object.entries(spread!)) expect(n, kind).toBeGreaterThan(0);
    const actions = (
      await first.query<{ action: string }>(
        `select distinct e.action from case_events e join cases c on c.id = e.case_id
         where c.type = 'grid.event' and ${generated('c.id')} order by 1`,
      )
    ).map((r) => r.action);
    expect(actions).toEqual(
      expect.arrayContaining([
        'accept',
        'close',
        'create',
        'dispatch',
        'escalate',
        'extend',
        'linkRepeat',
        'rate',
      ]),
    );
    expect(actions).toEqual(
      expect.arrayContaining(['pause', 'redo', 'reject', 'reply', 'resume', 'return', 'supervise']),
    );
  });

  it('gives every branch five years of meetings, one annual meeting of a kind a year', async () => {
    const [span] = await first.query<{ first: string; years: number }>(
      'select min(held_on)::text as first, count(distinct extract(year from held_on))::int as years from meetings',
    );
    expect(span!.first < firstOfMonthsBack(todayInChina(), 58)).toBe(true);
    expect(span!.years).toBeGreaterThanOrEqual(5);
    const doubled = await first.query(
      `select unit_id, kind, extract(year from held_on) from meetings where kind in ('lifeMeeting', 'memberReview')
       group by 1, 2, 3 having count(*) > 1`,
    );
    expect(doubled).toEqual([]);
  });

  it('fills households and 三问 items to their sizes', async () => {
    expect(result.counts.voiceItems).toBe(voicePerBanner.small);
    const grids = await first.query<{ type: string; n: number }>(
      `select u.type, count(h.id)::int as n from grids g join units u on u.id = g.unit_id
       left join grid_households h on h.grid_id = g.id group by g.id, u.type`,
    );
    for (const grid of grids) expect(grid.n).toBeGreaterThanOrEqual(grid.type === 'community' ? 20 : 8);
  });

  it('leaves every case in the state its last timeline row leads to, as the case engine would', async () => {
    const [mismatch] = await first.query<{ n: number }>(
      `select count(*)::int as n from cases c
       where c.state is distinct from (select e.to_state from case_events e where e.case_id = c.id
                                        order by e.at desc, e.escalation_level desc nulls last limit 1)`,
    );
    expect(mismatch!.n).toBe(0);

    // Replay each generated case through the engine's state machine: same state, clocks and version.
    const calendar = await loadCalendar(first.db);
    const cases = await first.query<Record<string, unknown>>(`select * from cases where ${generated('id')}`);
    const events = await first.query<Record<string, unknown>>(
      `select e.* from case_events e where ${generated('e.case_id')} order by e.case_id, e.at`,
    );
    const timeline = new Map<string, Array<Record<string, unknown>>>();
    for (const e of events)
      timeline.set(e.case_id as string, [...(timeline.get(e.case_id as string) ?? []), e]);
    const problems: string[] = [];
    for (const row of cases) {
      const type = findCaseType(row.type as string)!;
      let clocks: CaseClocks | null = null;
      let version = 0;
      for (const e of timeline.get(row.id as string) ?? []) {
        const at = new Date(e.at as string);
        if (e.action === 'create') {
          clocks = initialClocks(type, e.unit_id as string, at, calendar);
          version = 1;
        } else if (e.action === 'escalate') {
          const due = dueEscalation(type, clocks!, at, calendar);
          if (due?.level !== e.escalation_level)
            problems.push(`${row.id}: escalation ${e.escalation_level} not due`);
          clocks = { ...clocks!, escalationLevel: Number(e.escalation_level) };
        } else if (e.action === 'linkRepeat') {
          version += 1;
        } else {
          const payload = json(e.payload) as { rating?: number; reasons?: string[] };
          clocks = planTransition(
            type,
            clocks!,
            {
              action: e.action as string,
              note: e.note as string | null,
              attachmentIds: json(e.attachment_ids) as string[],
              unitId: e.unit_id as string,
              rating: payload.rating ? { score: payload.rating, reasons: payload.reasons } : null,
            },
            at,
            calendar,
          ).next;
          version += 1;
        }
      }
      const c = clocks!;
      const expected = [
        c.state,
        c.unitId,
        version,
        c.escalationLevel,
        c.cycle,
        c.rating,
        c.reopenedCount,
        c.extended,
      ];
      const stored = [
        row.state,
        row.unit_id,
        row.version,
        row.escalation_level,
        row.cycle,
        row.rating,
        row.reopened_count,
        row.extended,
      ];
      const clockPairs = [
        [c.acceptBy, row.accept_by],
        [c.acceptedAt, row.accepted_at],
        [c.closeBy, row.close_by],
        [c.closedAt, row.closed_at],
        [c.pausedSince, row.paused_since],
      ] as const;
      if (
        JSON.stringify(expected) !== JSON.stringify(stored) ||
        clockPairs.some(([a, b]) => (a?.getTime() ?? null) !== time(b))
      )
        problems.push(`${row.id}: replay ${JSON.stringify(expected)} stored ${JSON.stringify(stored)}`);
      // Nothing is left for the escalation tick at the seeding's "now".
      if (dueEscalation(type, c, result.until, calendar))
        problems.push(`${row.id}: escalation due at the end`);
    }
    expect(cases.length).toBeGreaterThan(EVENTS / 2);
    expect(problems.slice(0, 5)).toEqual([]);
  });

  it('writes an audit row per generated write, and the hash chain verifies', async () => {
    const verification = await verifyAuditLog(first.db);
    const [counts] = await first.query<{ audit: number; caseAudit: number; caseEvents: number }>(
      `select (select count(*)::int from audit_log) as audit,
              (select count(*)::int from audit_log where entity = 'case' and entity_id like '________-____-7%') as "caseAudit",
              (select count(*)::int from case_events where ${generated('case_id')}) as "caseEvents"`,
    );
    expect(verification).toMatchObject({ ok: true, pending: 0, checked: counts!.audit });
    expect(counts!.caseAudit).toBe(counts!.caseEvents);
    expect(result.added.auditRows).toBeGreaterThan(counts!.caseEvents);
  });

  it('leaves a database the server takes as set up: accounts, and every index built again', async () => {
    expect(await isFirstStart(first.db)).toBe(false);
    expect(result.admins.map((a) => a.username)).toEqual(
      expect.arrayContaining(['admin', 'secadmin', 'auditadmin']),
    );
    expect(await indexDefinitions(first)).toEqual(freshIndexes);
  });

  it('builds the monthly case roll-up from the loaded cases and leaves its triggers on', async () => {
    const [sums] = await first.query<Record<string, number>>(
      `select (select count(*) from case_monthly_changes)::int as pending,
         (select sum(received) from case_monthly)::int as received,
         (select count(*) from cases)::int as cases,
         (select sum(closed) from case_monthly)::int as closed,
         (select count(*) from cases where closed_at is not null)::int as "closedCases",
         (select count(*) from pg_trigger where tgrelid = 'cases'::regclass
            and tgname like 'cases_monthly%' and tgenabled = 'O')::int as triggers`,
    );
    expect(sums).toEqual({
      pending: 0,
      received: sums!.cases,
      cases: sums!.cases,
      closed: sums!.closedCases,
      closedCases: sums!.closedCases,
      triggers: 3,
    });
  });

  it("builds the counted meetings' days from the loaded meetings and leaves their triggers on", async () => {
    const [sums] = await first.query<Record<string, number>>(
      `select (select sum(cardinality(days)) from meeting_days)::int as days,
         (select count(*) from meetings where status in ('submitted', 'approved'))::int as counted,
         (select count(*) from pg_trigger where tgrelid = 'meetings'::regclass
            and tgname like 'meetings_days%' and tgenabled = 'O')::int as triggers`,
    );
    expect(sums!.counted).toBeGreaterThan(1_000);
    expect(sums).toEqual({ days: sums!.counted, counted: sums!.counted, triggers: 3 });
  });

  it('refuses a database that already holds data', async () => {
    await expect(seedScale(first, options)).rejects.toBeInstanceOf(NotEmptyError);
  });

  it('gives the same data for the same seed', async () => {
    const a = await fingerprint(first);
    const b = await fingerprint(second);
    for (const part of Object.values(a)) expect(part.n).toBeGreaterThan(0);
    expect(b).toEqual(a);
  });
});
