// What freezing a snapshot holds in memory, module by module: the freeze (freezeSnapshot in
// src/modules/reports/service.ts) computes a module's indicators together with the ids of every record
// each counted, writes them, then goes on to the next module. This computes the same, read-only (nothing
// is written), for the whole tree and one year, and prints per module the time, the evidence ids, the
// groups, the size of the results as JSON and the process's memory (the peak of 50 ms samples).
//
//   npx tsx bench/freezeMemory.ts --database-url postgres://postgres@127.0.0.1:5432/jiceng_scale_x10 [--year 2026]
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import { registerIndicators } from '../src/app';
import { openDatabase, queryRows } from '../src/platform/db';
import { computeIndicators } from '../src/platform/indicators/compute';
import { type IndicatorDefinition, listIndicators } from '../src/platform/indicators/registry';
import { scopeOf } from '../src/platform/scope';

const { values } = parseArgs({
  options: { 'database-url': { type: 'string' }, year: { type: 'string' } },
});
const url = values['database-url'] ?? process.env.DATABASE_URL;
if (!url) {
  console.error('usage: npx tsx bench/freezeMemory.ts --database-url URL [--year YYYY]');
  process.exit(2);
}
const year = Number(values.year ?? new Date().getFullYear());
const period = { from: `${year}-01-01`, to: `${year + 1}-01-01` };

registerIndicators();
const database = await openDatabase({ kind: 'postgres', url });
const [root] = await queryRows<{ path: string; name: string }>(
  database.db,
  sql`select path, name from units where parent_id is null order by path limit 1`,
);
if (!root) throw new Error('the database has no units');

const modules = new Map<string, IndicatorDefinition[]>();
for (const definition of listIndicators()) {
  modules.set(definition.module, [...(modules.get(definition.module) ?? []), definition]);
}

const mib = (bytes: number) => `${Math.round(bytes / 1_048_576)} MiB`;
let peak = 0;
const sampler = setInterval(() => {
  peak = Math.max(peak, process.memoryUsage().rss);
}, 50);
console.log(
  `${root.name}, ${period.from} to ${period.to}; memory at start ${mib(process.memoryUsage().rss)}`,
);
console.log('module       time      indicators  evidence ids  groups   as JSON    rss peak    heap used');
for (const [module, definitions] of modules) {
  peak = process.memoryUsage().rss;
  const started = performance.now();
  const computed = await computeIndicators({
    db: database.db,
    scope: scopeOf([root.path]),
    period,
    definitions,
    concurrency: 1,
  });
  const ms = performance.now() - started;
  let ids = 0;
  let groups = 0;
  let json = 0;
  const largest: Array<{ key: string; ids: number }> = [];
  for (const outcome of computed) {
    if (!outcome.ok) {
      console.log(`  ${outcome.definition.key} failed: ${String(outcome.error)}`);
      continue;
    }
    let own = outcome.result.evidence.ids.length;
    for (const group of outcome.result.breakdown ?? []) {
      groups += 1;
      own += group.evidence.ids.length;
    }
    ids += own;
    largest.push({ key: outcome.definition.key, ids: own });
    json += JSON.stringify(outcome.result).length;
  }
  const used = process.memoryUsage();
  peak = Math.max(peak, used.rss);
  console.log(
    [
      module.padEnd(10),
      `${Math.round(ms)} ms`.padStart(9),
      String(definitions.length).padStart(12),
      ids.toLocaleString('en').padStart(14),
      groups.toLocaleString('en').padStart(8),
      mib(json).padStart(9),
      mib(peak).padStart(11),
      mib(used.heapUsed).padStart(12),
    ].join(' '),
  );
  // The indicators that keep most ids (the groups' included), where a module keeps many.
  if (ids >= 100_000) {
    const top = largest.sort((a, b) => b.ids - a.ids).slice(0, 4);
    console.log(
      `             most: ${top.map((one) => `${one.key} ${one.ids.toLocaleString('en')}`).join(', ')}`,
    );
  }
}
clearInterval(sampler);
await database.close();
