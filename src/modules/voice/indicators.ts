// Indicators of the voice (三问) module: the case engine's figures for every 三问 item
// (voice.item.received, .closedOnTime, .satisfied …) and, per kind (问计/问需/问政), items received,
// replies on time and satisfaction, each a total with a breakdown by kind.
import { sql } from 'drizzle-orm';
import { registerCaseIndicators, registerCaseType } from '../../platform/cases';
import { startOfChinaDay } from '../../platform/cases';
import { type Db, queryRows } from '../../platform/db';
import type { IndicatorValue, Period } from '../../platform/indicators/registry';
import { registerIndicator } from '../../platform/indicators/registry';
import { type Scope, unitCondition } from '../../platform/scope';
import { VOICE_ITEM_TYPE, voiceItemType, voiceKinds } from './type';

const evidenceOf = (ids: string[]) => ({ entity: `case.${VOICE_ITEM_TYPE}`, ids });
const percent = (part: number, whole: number) => (whole > 0 ? Math.round((part / whole) * 1000) / 10 : null);

interface KindFacts {
  id: string;
  kind: string;
  received: boolean;
  replied: boolean;
  repliedOnTime: boolean;
  replyOverdue: boolean;
  rating: number | null;
}

/** The 三问 items in scope the period touches, with what the per-kind figures count. */
async function kindFacts(db: Db, scope: Scope, period: Period, now = new Date()): Promise<KindFacts[]> {
  const start = startOfChinaDay(period.from).toISOString();
  const endDate = startOfChinaDay(period.to);
  const end = endDate.toISOString();
  const asOf = new Date(Math.min(endDate.getTime(), now.getTime())).toISOString();
  return queryRows<KindFacts>(
    db,
    sql`
      select c.id, c.category as kind,
        (c.created_at >= ${start}::timestamptz and c.created_at < ${end}::timestamptz) as received,
        (c.closed_at >= ${start}::timestamptz and c.closed_at < ${end}::timestamptz and c.state <> 'rejected') as replied,
        (c.closed_at >= ${start}::timestamptz and c.closed_at < ${end}::timestamptz and c.state <> 'rejected'
          and (c.close_by is null or c.closed_at <= c.close_by)) as "repliedOnTime",
        (c.close_by < ${asOf}::timestamptz and (c.closed_at is null or c.closed_at >= ${asOf}::timestamptz)) as "replyOverdue",
        c.rating
      from cases c
      where c.type = ${VOICE_ITEM_TYPE}
        and ${unitCondition(scope, sql`c.unit_id`)}
        and c.created_at < ${end}::timestamptz
        and (c.created_at >= ${start}::timestamptz or c.closed_at is null or c.closed_at >= ${start}::timestamptz)
      order by c.created_at, c.id`,
  );
}

type Figure = (facts: KindFacts[]) => { value: number | null; ids: string[] };

/** A figure as a total over every kind plus one group per kind. */
function byKind(facts: KindFacts[], figure: Figure): IndicatorValue {
  const total = figure(facts);
  return {
    value: total.value,
    evidence: evidenceOf(total.ids),
    breakdown: voiceKinds.map((kind) => {
      const own = figure(facts.filter((f) => f.kind === kind.key));
      return { key: kind.key, label: kind.name, value: own.value, evidence: evidenceOf(own.ids) };
    }),
  };
}

const figures: Array<{ key: string; name: string; unit: string; description: string; figure: Figure }> = [
  {
    key: 'voice.kinds.received',
    name: '三问事项收件数（按问计、问需、问政）',
    unit: '件',
    description: '统计期内群众提交的三问事项件数，按类型分组',
    figure: (facts) => {
      const rows = facts.filter((f) => f.received);
      return { value: rows.length, ids: rows.map((r) => r.id) };
    },
  },
  {
    key: 'voice.kinds.repliedOnTime',
    name: '三问事项按期答复率（按问计、问需、问政）',
    unit: '%',
    description: '按期答复件数 ÷（统计期内答复件数 + 截至期末未答复且已超过答复期限的件数），按类型分组',
    figure: (facts) => {
      const onTime = facts.filter((f) => f.repliedOnTime);
      const whole = facts.filter((f) => f.replied || f.replyOverdue).length;
      return { value: percent(onTime.length, whole), ids: onTime.map((r) => r.id) };
    },
  },
  {
    key: 'voice.kinds.satisfied',
    name: '三问事项参评满意率（按问计、问需、问政）',
    unit: '%',
    description: '统计期内答复并经群众评价的件中评价 4 分及以上的比例，按类型分组',
    figure: (facts) => {
      const rated = facts.filter((f) => f.replied && f.rating !== null);
      const satisfied = rated.filter((f) => Number(f.rating) >= 4);
      return { value: percent(satisfied.length, rated.length), ids: satisfied.map((r) => r.id) };
    },
  },
];

let registered = false;

/** Registers the 三问 case type, its case-engine indicators and the per-kind indicators, once. */
export function registerVoiceIndicators(): void {
  registerCaseType(voiceItemType);
  registerCaseIndicators(voiceItemType);
  if (registered) return;
  registered = true;
  for (const f of figures) {
    registerIndicator({
      key: f.key,
      name: f.name,
      unit: f.unit,
      module: 'voice',
      description: f.description,
      compute: async ({ db, scope, period }) => byKind(await kindFacts(db, scope, period), f.figure),
    });
  }
}
