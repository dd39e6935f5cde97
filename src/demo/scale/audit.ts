// Audit rows of the scale data: one per generated write, as the services would have written them, dated
// when the write happened, and sealed into the SM3 hash chain here rather than by the sealer. The chain
// is computed exactly as sealer.ts computes it (chainHash over the row's content), with the row's `at`
// as the database renders it, so `npm run audit:verify` checks it like any other.
import { sql } from 'drizzle-orm';
import { canonicalJson, GENESIS_HASH } from '../../platform/audit/chain';
import { sm3Hex } from '../../platform/crypto';
import { queryRows, type Tx } from '../../platform/db';
import type { BulkWriter } from './bulk';
import { JsonText } from './copy';

/** One audit row to write: who (a name: the demo has no accounts for its staff), what, when. */
export interface AuditDraft {
  at: Date;
  actorName: string;
  entity: string;
  entityId: string | null;
  action: string;
  before?: unknown;
  after?: unknown;
}

const auditColumns = {
  id: 'bigint',
  at: 'timestamptz',
  actor_name: 'text',
  entity: 'text',
  entity_id: 'text',
  action: 'text',
  before: 'jsonb',
  after: 'jsonb',
} as const;

const chainColumns = { seq: 'bigint', audit_id: 'bigint', prev_hash: 'text', hash: 'text' } as const;

interface AuditRow {
  id: number;
  actor_name: string;
  entity: string;
  entity_id: string | null;
  action: string;
  before: JsonText | null;
  after: JsonText | null;
}

/**
 * How this session renders a timestamptz as text, done here instead of by a round trip per batch: only
 * when the session's time zone keeps one UTC offset over the years the data spans (UTC, China time) and
 * two probes come out exactly as the database renders them. Otherwise null: ask the database.
 */
async function timestampRenderer(tx: Tx): Promise<((iso: string) => string) | null> {
  const samples = ['2024-03-05T10:23:45.000Z', '2022-07-01T23:59:01.120Z'];
  const [probe] = await queryRows<{ offsets: string; first: string; second: string }>(
    tx,
    sql`select (select string_agg(distinct extract(timezone from t)::int::text, ',')
                from generate_series(now() - interval '6 years', now() + interval '1 day', interval '1 day') t) as offsets,
               ${samples[0]}::timestamptz::text as first, ${samples[1]}::timestamptz::text as second`,
  );
  const offsets = (probe?.offsets ?? '').split(',');
  if (offsets.length !== 1 || !/^-?\d+$/.test(offsets[0]!)) return null;
  const offset = Number(offsets[0]);
  const sign = offset < 0 ? '-' : '+';
  const hours = String(Math.floor(Math.abs(offset) / 3600)).padStart(2, '0');
  const minutes = Math.floor((Math.abs(offset) % 3600) / 60);
  if (Math.abs(offset) % 60 !== 0) return null;
  const zone = `${sign}${hours}${minutes ? `:${String(minutes).padStart(2, '0')}` : ''}`;
  const render = (iso: string) => {
    const local = new Date(Date.parse(iso) + offset * 1000).toISOString();
    const fraction = local.slice(20, 23).replace(/0+$/, '');
    return `${local.slice(0, 10)} ${local.slice(11, 19)}${fraction ? `.${fraction}` : ''}${zone}`;
  };
  return render(samples[0]!) === probe?.first && render(samples[1]!) === probe?.second ? render : null;
}

/**
 * canonicalJson of the row's AuditEntryContent (chain.ts), assembled from its parts: keys in sorted
 * order, before/after serialised once for the chain and the COPY alike. The seeding test verifies the
 * chain with verifyAuditLog, so any difference from chainHash fails it.
 */
function entryJson(row: AuditRow, at: string): string {
  const text = JSON.stringify;
  return `{"action":${text(row.action)},"actorId":null,"actorName":${text(row.actor_name)},"after":${row.after?.text ?? 'null'},"at":${text(at)},"before":${row.before?.text ?? 'null'},"entity":${text(row.entity)},"entityId":${row.entity_id === null ? 'null' : text(row.entity_id)},"id":${text(String(row.id))},"ip":null}`;
}

/**
 * Appends audit rows and their chain entries in one transaction. Must start after every earlier audit
 * row is sealed (the chain continues from its head) and run alone: ids are assigned here, the sequence is
 * moved past them by finish().
 */
export class AuditTrail {
  private nextId = 0;
  private seq = 0;
  private prevHash = GENESIS_HASH;
  private chained: Promise<void> = Promise.resolve();
  private failure: unknown = null;
  /** Renders an ISO instant as the database's `at::text` does, when that is safe to do here. */
  private renderAt: ((iso: string) => string) | null = null;
  written = 0;

  private constructor(
    private readonly tx: Tx,
    private readonly writer: BulkWriter,
  ) {}

  /** Opens the trail at the head of the sealed chain; refuses when audit rows are still unsealed. */
  static async open(tx: Tx, writer: BulkWriter): Promise<AuditTrail> {
    const [state] = await queryRows<{
      max_id: string | null;
      unsealed: string;
      seq: string | null;
      hash: string | null;
    }>(
      tx,
      sql`select (select max(id)::text from audit_log) as max_id,
                 (select count(*)::text from audit_log a
                   where not exists (select 1 from audit_chain c where c.audit_id = a.id)) as unsealed,
                 (select seq::text from audit_chain order by seq desc limit 1) as seq,
                 (select hash from audit_chain order by seq desc limit 1) as hash`,
    );
    if (Number(state?.unsealed ?? 0) > 0)
      throw new Error(`审计日志中有 ${state!.unsealed} 条记录尚未封存，无法续写哈希链。`);
    const trail = new AuditTrail(tx, writer);
    trail.renderAt = await timestampRenderer(tx);
    trail.nextId = Number(state?.max_id ?? 0) + 1;
    trail.seq = Number(state?.seq ?? 0);
    trail.prevHash = state?.hash ?? GENESIS_HASH;
    return trail;
  }

  /** Writes the drafts (in order of time) and queues their chain entries behind the rows before them. */
  async write(drafts: readonly AuditDraft[]): Promise<void> {
    if (this.failure) throw this.failure;
    const ordered = drafts
      .map((draft, index) => ({ draft, index }))
      .sort((a, b) => a.draft.at.getTime() - b.draft.at.getTime() || a.index - b.index)
      .map(({ draft }) => draft);
    const batch = 5000;
    for (let i = 0; i < ordered.length; i += batch) {
      const rows = ordered.slice(i, i + batch).map((draft) => {
        const before = draft.before ?? null;
        const after = draft.after ?? null;
        return {
          id: this.nextId++,
          at: draft.at.toISOString(),
          actor_name: draft.actorName,
          entity: draft.entity,
          entity_id: draft.entityId,
          action: draft.action,
          before: before === null ? null : new JsonText(canonicalJson(before), before),
          after: after === null ? null : new JsonText(canonicalJson(after), after),
        };
      });
      // The chain hashes `at` as the database renders it (as the sealer reads it back).
      const renderedHere = this.renderAt ? rows.map((row) => this.renderAt!(row.at)) : null;
      const renderedThere = renderedHere
        ? null
        : (
            await this.writer.submit<{ at: string }>(
              sql`select t::text as at from unnest(${`{${rows.map((row) => row.at).join(',')}}`}::timestamptz[])
                  with ordinality as u(t, n) order by n`,
            )
          ).done;
      await this.writer.insert('audit_log', auditColumns, rows);
      const chain = async (rendered: readonly string[]) => {
        const links = rows.map((row, index) => {
          this.seq += 1;
          const hash = sm3Hex(`${this.prevHash}\n${entryJson(row, rendered[index]!)}`);
          const link = { seq: this.seq, audit_id: row.id, prev_hash: this.prevHash, hash };
          this.prevHash = hash;
          return link;
        });
        await this.writer.insert('audit_chain', chainColumns, links);
      };
      if (renderedHere) await chain(renderedHere);
      // The chain runs strictly in id order: each batch waits for the one before it.
      else
        this.chained = this.chained.then(async () => {
          if (this.failure) return;
          try {
            await chain((await renderedThere!).map((r) => r.at));
          } catch (error) {
            this.failure ??= error;
          }
        });
      this.written += rows.length;
    }
  }

  /** Waits until every row written so far, and its chain entry, is in the database. */
  async settle(): Promise<void> {
    await this.chained;
    if (this.failure) throw this.failure;
    await this.writer.drain();
  }

  /** Settles and moves the id sequence past the rows written. */
  async finish(): Promise<void> {
    await this.settle();
    await this.tx.execute(
      sql`select setval(pg_get_serial_sequence('audit_log', 'id'), (select coalesce(max(id), 1) from audit_log))`,
    );
  }
}
