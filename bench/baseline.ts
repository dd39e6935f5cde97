// The baseline server: bare Fastify with no session, scope, validation, serialisation schema or audit
// check, answering the same SQL as the Jiceng routes through the raw driver, so each Jiceng figure is
// read against a floor measured in the same run on the same machine. Scope paths and ids come in the
// query string. PGlite: PGLITE_DIR (a copy of the server's data); PostgreSQL: DATABASE_URL.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { PGlite } from '@electric-sql/pglite';
import Fastify from 'fastify';
import pg from 'pg';
import { postgresSessionSettings } from '../src/platform/db';

/**
 * The raw driver: parameterised queries, nothing else. `prepared` names the statement after its text,
 * as the app does for the same list queries (runPrepared), so each pooled connection plans it once;
 * on PGlite the baseline runs PGlite's own query(), which prepares nothing by name.
 */
interface RawDatabase {
  query<T = Record<string, unknown>>(text: string, params?: unknown[], prepared?: boolean): Promise<T[]>;
}

async function openRaw(): Promise<RawDatabase> {
  if (process.env.DATABASE_URL) {
    // The same pool size (DB_POOL_SIZE, default 10) and planner settings as the app's, so the two
    // differ only by what the app does around the SQL.
    const pool = new pg.Pool({
      connectionString: process.env.DATABASE_URL,
      max: Number(process.env.DB_POOL_SIZE ?? 10),
      options: postgresSessionSettings,
    });
    pool.on('error', () => {});
    return {
      query: async (text, params, prepared) =>
        (
          await pool.query({
            text,
            values: params,
            name: prepared ? `b_${createHash('sha1').update(text).digest('hex').slice(0, 24)}` : undefined,
          })
        ).rows,
    };
  }
  const client = new PGlite(process.env.PGLITE_DIR!);
  await client.waitReady;
  return {
    query: async <T>(text: string, params?: unknown[]) => (await client.query<T>(text, params)).rows,
  };
}

const port = Number(process.env.PORT);
const database = await openRaw();
const app = Fastify();
const like = (path: string) => `${path.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
const one = <T>(rows: T[]) => rows[0];

app.get('/ping', async () => ({ ok: true }));

// A trivial page for the browser baseline: what Chromium itself needs to show something on localhost.
app.get('/hello', async (_request, reply) =>
  reply
    .type('text/html; charset=utf-8')
    .send('<!doctype html><html lang="zh-CN"><body><input id="ready" aria-label="就绪"></body></html>'),
);

// Tree: listChildren() — children of a unit inside a scope, with their child counts.
app.get<{ Params: { id: string }; Querystring: { scope: string } }>('/children/:id', async (request) =>
  database.query(
    `select u.id, u.parent_id, u.name, u.short_name, u.type, u.code, u.path, u.depth, u.active, u.pinyin,
       (select count(*)::int from units c where c.parent_id = u.id and c.active) as child_count
     from units u where u.parent_id = $1 and u.active and (u.path like $2)
     order by u.sort_order asc, u.name asc`,
    [request.params.id, like(request.query.scope)],
  ),
);

// Tree: searchUnits() — one page with its total and each row's path names, in one statement.
app.get<{ Querystring: { scope: string; q: string } }>('/search', async (request) => {
  const text = request.query.q.toLowerCase();
  const q = `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return database.query(
    `select u.id, u.parent_id, u.name, u.short_name, u.type, u.code, u.path, u.depth, u.active, u.pinyin,
       (select count(*)::int from units c where c.parent_id = u.id and c.active) as child_count,
       count(*) over () as total,
       (select string_agg(a.name, '/' order by a.depth) from units a
         where a.id = any(string_to_array(trim(both '/' from u.path), '/')::uuid[])) as path_names
     from units u where (u.path like $1) and u.active = true
       and search_bigrams(u.search_text) @> search_bigrams($3) and u.search_text like $2
     order by u.depth asc, u.sort_order asc, u.name asc limit 20`,
    [like(request.query.scope), q, text],
    true,
  );
});

// Members: listMembers() — one page in pinyin order with the total of all matches (ids and names sorted,
// then the 20 full rows read), filtered by scope, status and gender/category.
app.get<{ Querystring: { scope: string; gender: string; category: string } }>('/members', async (request) => {
  const where = `"party_members"."unit_id" = any(array(select u.id from units u
      where (u.path ~>=~ $1 and u.path ~<~ $5)))
    and "party_members"."status" = $2 and "people"."gender" = $3 and "party_members"."category" = $4`;
  const { scope } = request.query;
  const params = [scope, 'active', request.query.gender, request.query.category, `${scope.slice(0, -1)}0`];
  const from = `"party_members" inner join "people" on "people"."id" = "party_members"."person_id"
    inner join "units" on "units"."id" = "party_members"."unit_id"`;
  const items = await database.query<{ total: string }>(
    `select "party_members"."id", "people"."id" as person_id, "people"."name", "people"."gender",
       "people"."birth_date", "people"."ethnicity", "people"."id_number_masked", "people"."phone_masked",
       "party_members"."unit_id", "units"."name" as unit_name, "units"."path", "party_members"."category",
       "party_members"."status", "party_members"."joined_on", "party_members"."full_on",
       "party_members"."conversion_due_on", "party_members"."education", "party_members"."post",
       "party_members"."away_since", "party_members"."last_contact_on",
       (select max(mt.decided_on)::text from member_transfers mt
         where mt.member_id = "party_members"."id" and mt.status = 'accepted') as last_transfer, page.total
     from (select "party_members"."id", "people"."name_pinyin", count(*) over () as total
           from ${from} where ${where}
           order by "people"."name_pinyin" asc, "party_members"."id" asc limit 20) page
       join (${from}) on "party_members"."id" = page.id
     order by page.name_pinyin asc, page.id asc`,
    params,
    true,
  );
  return { total: Number(items[0]?.total ?? 0), items };
});

// Grid events: listEvents() with `mine` — a grid worker's events (own grids or own reports), one page.
app.get<{ Querystring: { scope: string; user: string } }>('/events', async (request) => {
  const where = `("cases"."type" = $1 and ("units"."path" like $2)
    and "cases"."id" in (select ge.case_id from grid_events ge where ge.reported_by = $3
      union select ge.case_id from grid_events ge where ge.grid_id in (
        select gw.grid_id from grid_workers gw join users u on u.person_id = gw.person_id
        where u.id = $3 and gw.active)))`;
  const params = ['grid.event', like(request.query.scope), request.query.user];
  const from = `"cases" inner join "units" on "units"."id" = "cases"."unit_id"`;
  // The page from the index's columns with the number of matches, then its rows read whole.
  const items = await database.query<{ total: number }>(
    `select "cases".*, "page"."path", "page"."total" from (
       select "cases"."id", "cases"."created_at", "units"."path", count(*) over () as total
       from ${from} where ${where}
       order by "cases"."created_at" desc, "cases"."id" asc limit 20) "page"
     inner join "cases" on "cases"."id" = "page"."id"
     order by "page"."created_at" desc, "page"."id" asc`,
    params,
    true,
  );
  return { total: items[0]?.total ?? 0, items };
});

// Grid events: one case's timeline — the case with its unit path, then its events in order.
app.get<{ Params: { id: string } }>('/timeline/:id', async (request) => {
  const found = one(
    await database.query(`select c.*, u.path from cases c join units u on u.id = c.unit_id where c.id = $1`, [
      request.params.id,
    ]),
  );
  const events = await database.query(
    'select * from case_events where case_id = $1 order by at asc, escalation_level asc',
    [request.params.id],
  );
  return { case: found, events };
});

// Grid events: report one — the case, its first event, the audit row and the grid facts in one
// statement (a data-modifying WITH), prepared, as createCase writes them.
app.post<{ Body: { gridId: string; unitId: string; userId: string; title: string } }>(
  '/events',
  async (request) => {
    const { gridId, unitId, userId, title } = request.body;
    const id = randomUUID();
    await database.query(
      `with created_case as (
         insert into cases (id, type, code, unit_id, state, title, category, details, created_by)
         values ($1, 'grid.event', $2, $3, 'submitted', $4, 'dispute.neighbour', $5, $6::uuid) returning *),
       created_case_event as (
         insert into case_events (case_id, action, to_state, unit_id, actor_id)
         values ($1, 'create', 'submitted', $3, $6::uuid)),
       created_case_audit as (
         insert into audit_log (actor_id, entity, entity_id, action) values ($6::uuid, 'case', $1, 'create')),
       created_case_extra as (
         insert into grid_events (case_id, grid_id, category_key, source, reported_by, reporter_key)
         values ($1, $7, 'dispute.neighbour', 'gridWorker', $6::uuid, $6::text))
       select * from created_case`,
      [id, `B${randomBytes(6).toString('hex')}`, unitId, title, JSON.stringify({ gridId }), userId, gridId],
      true,
    );
    return { id };
  },
);

// Reports: what a snapshot read costs without recomputing live values — the snapshot row and its frozen
// figures, each with its first 50 groups and their number, as Jiceng reads them.
app.get<{ Params: { id: string } }>('/snapshot/:id', async (request) => {
  const snapshot = one(
    await database.query(
      `select s.*, u.path from indicator_snapshots s join units u on u.id = s.unit_id where s.id = $1`,
      [request.params.id],
    ),
  );
  const values = await database.query(
    `select v.key, v.name, v.measure_unit, v.module, v.value, v.evidence_entity, v.evidence_count,
       jsonb_path_query_array(v.groups, 'lax $[0 to 49]') as groups, jsonb_array_length(v.groups) as group_count
     from indicator_snapshot_values v where v.snapshot_id = $1`,
    [request.params.id],
  );
  return { snapshot, values };
});

await app.listen({ port, host: '127.0.0.1' });
console.log('baseline ready');
