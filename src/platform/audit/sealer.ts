import { sql } from 'drizzle-orm';
import { type Db, queryRows } from '../db';
import { type AuditEntryContent, chainHash, GENESIS_HASH, verifyChain } from './chain';

const SEAL_LOCK = 7231002;

interface RawAuditRow {
  id: string;
  txid: string;
  at: string;
  actor_id: string | null;
  actor_name: string | null;
  ip: string | null;
  entity: string;
  entity_id: string | null;
  action: string;
  before: unknown;
  after: unknown;
}

function contentOf(row: RawAuditRow): AuditEntryContent {
  return {
    id: String(row.id),
    at: row.at,
    actorId: row.actor_id,
    actorName: row.actor_name,
    ip: row.ip,
    entity: row.entity,
    entityId: row.entity_id,
    action: row.action,
    before: parseJson(row.before),
    after: parseJson(row.after),
  };
}

// node-postgres parses jsonb; PGlite may hand back text for casts: normalise both.
function parseJson(value: unknown): unknown {
  return typeof value === 'string' ? JSON.parse(value) : (value ?? null);
}

const selectColumns = sql.raw(
  `a.id::text as id, a.txid::text as txid, a.at::text as at, a.actor_id::text as actor_id, a.actor_name, a.ip,
   a.entity, a.entity_id, a.action, a.before, a.after`,
);

/**
 * The lowest transaction id that may still add audit rows to this database, from the same snapshot as
 * the rows read beside it: every row below it is final and no row below it can appear later. The
 * snapshot's xmin would do, but it is cluster-wide: a long transaction in another database on the same
 * server (a bulk import, a test run) would hold sealing back here. Transactions that
 * pg_stat_activity shows in another database are therefore skipped; one it cannot place (it finished
 * meanwhile, or the role may not see it) still counts, so the bound only errs on the low side.
 * xip holds 64-bit ids and backend_xid 32-bit ones: they are compared modulo 2^32.
 */
const finishedBelow = sql.raw(`
  snap as (select pg_current_snapshot() as s),
  elsewhere as (
    select backend_xid::text::bigint as xid32 from pg_stat_activity
    where backend_xid is not null and datname is distinct from current_database()
  ),
  bound as (
    select coalesce(
      (select min(x::text::bigint) from snap, pg_snapshot_xip(snap.s) as x
       where (x::text::bigint % 4294967296) not in (select xid32 from elsewhere)),
      (select pg_snapshot_xmax(s)::text::bigint from snap)
    ) as txid
  )`);

/**
 * Appends every finished audit row to the SM3 hash chain, in commit order. Rows of transactions still
 * running are left for the next call, so writers never wait for one another. Safe to run from several
 * app instances: one seals at a time. Returns how many rows were sealed.
 */
export async function sealAuditLog(db: Db, { batchSize = 5000 } = {}): Promise<number> {
  let total = 0;
  for (;;) {
    const sealed = await db.transaction(async (tx) => {
      const lock = await queryRows<{ locked: boolean }>(
        tx,
        sql`select pg_try_advisory_xact_lock(${SEAL_LOCK}) as locked`,
      );
      if (!lock[0]?.locked) return 0;
      const head = await queryRows<{ seq: string; hash: string; txid: string; audit_id: string }>(
        tx,
        sql`
        select c.seq::text as seq, c.hash, a.txid::text as txid, c.audit_id::text as audit_id
        from audit_chain c left join audit_log a on a.id = c.audit_id
        order by c.seq desc limit 1`,
      );
      const last = head[0];
      const cursor = last
        ? sql`and (a.txid, a.id) > (${Number(last.txid ?? 0)}::bigint, ${Number(last.audit_id)}::bigint)`
        : sql``;
      const pending = await queryRows<RawAuditRow>(
        tx,
        sql`
        with ${finishedBelow}
        select ${selectColumns} from audit_log a, bound
        where a.txid < bound.txid ${cursor}
        order by a.txid, a.id limit ${batchSize}`,
      );
      if (pending.length === 0) return 0;
      let prevHash = last?.hash ?? GENESIS_HASH;
      let seq = last ? Number(last.seq) : 0;
      const values = pending.map((row) => {
        seq += 1;
        const hash = chainHash(prevHash, contentOf(row));
        const entry = sql`(${seq}, ${Number(row.id)}, ${prevHash}, ${hash})`;
        prevHash = hash;
        return entry;
      });
      for (let i = 0; i < values.length; i += 1000) {
        await tx.execute(
          sql`insert into audit_chain (seq, audit_id, prev_hash, hash) values ${sql.join(values.slice(i, i + 1000), sql`, `)}`,
        );
      }
      return pending.length;
    });
    total += sealed;
    if (sealed < batchSize) return total;
  }
}

export type AuditVerification =
  | { ok: true; checked: number; pending: number; brokenAt: null; reason: null }
  | { ok: false; checked: number; pending: number; brokenAt: number; reason: string };

/**
 * Recomputes the whole hash chain from the stored rows and reports the first row that does not match:
 * a changed row, a deleted row, or a chain entry moved out of order.
 */
export async function verifyAuditLog(db: Db, { batchSize = 5000 } = {}): Promise<AuditVerification> {
  await sealAuditLog(db);
  let checked = 0;
  let prevHash = GENESIS_HASH;
  let afterSeq = 0;
  for (;;) {
    const page = await queryRows<
      RawAuditRow & { seq: string; prev_hash: string; hash: string; missing: boolean }
    >(
      db,
      sql`
      select c.seq::text as seq, c.prev_hash, c.hash, a.id is null as missing, c.audit_id::text as chain_audit_id,
             ${selectColumns}
      from audit_chain c left join audit_log a on a.id = c.audit_id
      where c.seq > ${afterSeq} order by c.seq limit ${batchSize}`,
    );
    if (page.length === 0) break;
    const missing = page.find((r) => r.missing);
    const upto = missing ? page.slice(0, page.indexOf(missing)) : page;
    const result = verifyChain(
      upto.map((r) => ({ seq: Number(r.seq), prevHash: r.prev_hash, hash: r.hash, entry: contentOf(r) })),
      prevHash,
      afterSeq,
    );
    if (!result.ok)
      return {
        ok: false,
        checked: checked + result.checked,
        pending: 0,
        brokenAt: result.brokenAt,
        reason: result.reason,
      };
    checked += upto.length;
    if (missing) {
      return { ok: false, checked, pending: 0, brokenAt: Number(missing.seq), reason: '审计记录已被删除' };
    }
    const lastRow = page[page.length - 1]!;
    prevHash = lastRow.hash;
    afterSeq = Number(lastRow.seq);
  }
  const orphans = await queryRows<{ n: string }>(
    db,
    sql`
    select count(*)::text as n from audit_log a where not exists (select 1 from audit_chain c where c.audit_id = a.id)`,
  );
  return { ok: true, checked, pending: Number(orphans[0]?.n ?? 0), brokenAt: null, reason: null };
}
