// The baseline server: bare Fastify with no auth, scope, validation or audit, answering the same SQL
// through the raw driver, so each Jiceng figure can be read against it in the same run.
import Fastify from 'fastify';
import { openDatabase } from '../src/platform/db';

const port = Number(process.env.PORT);
const database = await openDatabase(
  process.env.DATABASE_URL
    ? { kind: 'postgres', url: process.env.DATABASE_URL }
    : { kind: 'pglite', dataDir: process.env.PGLITE_DIR! },
);
const app = Fastify();
app.get('/ping', async () => ({ ok: true }));
app.get<{ Params: { id: string } }>('/children/:id', async (request) =>
  database.query(
    `select u.*, (select count(*)::int from units c where c.parent_id = u.id and c.active) as child_count
     from units u where u.parent_id = $1 and u.active order by u.sort_order, u.name`,
    [request.params.id],
  ),
);
let n = 0;
app.post<{ Body: { parentId: string } }>('/units', async (request) => {
  n += 1;
  const id = crypto.randomUUID();
  const [parent] = await database.query<{ path: string; depth: number }>(
    'select path, depth from units where id = $1',
    [request.body.parentId],
  );
  await database.query('begin');
  try {
    await database.query(
      `insert into units (id, parent_id, name, type, path, depth) values ($1, $2, $3, 'gacha', $4, $5)`,
      [id, request.body.parentId, `基线嘎查${process.pid}-${n}`, `${parent!.path}${id}/`, parent!.depth + 1],
    );
    await database.query(`insert into audit_log (entity, entity_id, action) values ('unit', $1, 'create')`, [
      id,
    ]);
    await database.query('commit');
  } catch (error) {
    await database.query('rollback');
    throw error;
  }
  return { id };
});
await app.listen({ port, host: '127.0.0.1' });
console.log('baseline ready');
