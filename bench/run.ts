// `npm run bench -- [--factor 10] [--database-url URL] [--in-place] [--seconds S] [--connections C]
//                   [--scenario name …] [--smoke] [--keep] [--profile] [--echo] [--no-write]`
// Starts the real server against a seeded database, drives it over HTTP from this process, and prints
// every figure beside its baseline and target, marked met or missed. See bench/README.md.
import path from 'node:path';
import { parseArgs } from 'node:util';
import { repoRoot } from './harness';
import { consoleTable, runLabel, summaryLine, updateReadme, writeResults } from './report';
import { commitId, runSuite, scenarioNames } from './suite';

const usage = `npm run bench -- [options]
  --factor N            scale of a database seeded for the run (default 10 on PostgreSQL, 1 on PGlite)
  --database-url URL    use this PostgreSQL database (seeded already, or seeded now when empty);
                        the run works on a copy of it unless --in-place
  --in-place            work on --database-url itself (its data grows by the run's writes)
  --seconds S           measured seconds of each load run (default 10)
  --connections C       concurrent connections of each load run (default 32)
  --scenario NAME       run only these scenarios (repeat or comma-separate; nothing is written):
                        ${scenarioNames.join(', ')}
  --smoke               every scenario once, at ×1, nothing written (the smoke test)
  --keep                keep the databases and data directories the run created
  --profile             write a CPU profile of the server to bench/results/profiles/
  --echo                print what the servers and the seeder print
  --no-write            do not write bench/results/ or bench/README.md
Without --database-url the run creates a fresh database on DATABASE_URL's server, or uses PGlite.`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      factor: { type: 'string' },
      'database-url': { type: 'string' },
      'in-place': { type: 'boolean', default: false },
      seconds: { type: 'string', default: '10' },
      connections: { type: 'string', default: '32' },
      scenario: { type: 'string', multiple: true, default: [] },
      smoke: { type: 'boolean', default: false },
      keep: { type: 'boolean', default: false },
      profile: { type: 'boolean', default: false },
      echo: { type: 'boolean', default: false },
      'no-write': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(usage);
    return;
  }
  const only = values.scenario.flatMap((s) => s.split(',')).filter(Boolean);
  const unknown = only.filter((name) => !scenarioNames.includes(name));
  if (unknown.length > 0) throw new Error(`unknown scenario ${unknown.join(', ')}\n${usage}`);
  const databaseUrl = values['database-url'] ?? null;
  const postgresServer = databaseUrl ? null : process.env.DATABASE_URL?.trim() || null;
  const onPostgres = Boolean(databaseUrl || postgresServer);
  const factor = Number(values.factor ?? (onPostgres ? 10 : 1));
  const seconds = Number(values.seconds);
  const connections = Number(values.connections);
  if (!(factor > 0) || !(seconds > 0) || !(connections > 0)) throw new Error(usage);

  const result = await runSuite({
    factor,
    databaseUrl,
    inPlace: values['in-place'],
    postgresServer,
    seconds,
    connections,
    only,
    smoke: values.smoke,
    keep: values.keep,
    profileDir: values.profile ? path.join(repoRoot, 'bench/results/profiles') : null,
    echo: values.echo,
    log: (line) => console.log(line),
  });

  console.log(
    `\n${runLabel(result)}, ${result.durationSeconds} s in all. autocannon reports p97.5, not p95: the`,
  );
  console.log('p95 targets are judged on the p97.5 figure, the stricter one. Ratio = figure ÷ baseline.\n');
  console.log(consoleTable(result.rows));
  console.log(`\n${summaryLine(result.rows)}`);

  // A partial run would replace a whole table with a few rows: only full runs are written.
  if (!values.smoke && !values['no-write'] && only.length === 0) {
    const meta = {
      date: new Date().toISOString().slice(0, 10),
      commit: await commitId(),
      command: ['npm run bench --', ...process.argv.slice(2)].join(' ').replace(/ --$/, ''),
    };
    const file = writeResults(path.join(repoRoot, 'bench/results'), result, meta);
    updateReadme(path.join(repoRoot, 'bench/README.md'), result, meta);
    console.log(`results: ${path.relative(repoRoot, file)}; table: bench/README.md`);
  }
  const failed = result.rows.some((row) => row.key.endsWith('.failed'));
  process.exitCode = failed ? 1 : 0;
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
