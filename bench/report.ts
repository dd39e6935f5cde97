// Presenting a run: the table (scenario | figure | baseline | ratio | target | met/missed), the results
// file bench/results/<date>-<commit>.json (one entry per database and scale, replaced by a newer run of
// the same kind) and the table section of bench/README.md.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { BenchRow } from './harness';
import type { SuiteResult } from './suite';

const formatRatio = (ratio: number | null) =>
  ratio === null || !Number.isFinite(ratio) ? '—' : `${ratio >= 10 ? Math.round(ratio) : ratio.toFixed(2)}×`;

const verdict = (row: BenchRow) => (row.met === null ? '—' : row.met ? 'met' : 'MISSED');

/** The run's kind: which database at which scale (`postgres ×10`). */
export const runLabel = (result: Pick<SuiteResult, 'database' | 'factor'>) =>
  `${result.database === 'postgres' ? 'PostgreSQL' : 'PGlite'} ×${result.factor}`;

/** The table as Markdown; `|` inside cells escaped. */
export function markdownTable(rows: BenchRow[]): string {
  const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
  const lines = [
    '| scenario | figure | baseline | ratio | target | met? |',
    '|---|---|---|---|---|---|',
    ...rows.map(
      (row) =>
        `| ${cell(row.title)} | ${cell(row.figure)}${row.errors > 0 ? ` (${row.errors} errors)` : ''} | ${cell(row.baseline?.text ?? '—')} | ${formatRatio(row.ratio)} | ${cell(row.target)} | ${verdict(row)} |`,
    ),
  ];
  const notes = rows.filter((row) => row.note).map((row) => `- ${cell(row.title)}: ${row.note}`);
  return [...lines, ...(notes.length > 0 ? ['', ...notes] : [])].join('\n');
}

/** The table for a terminal: aligned columns, one line per row, notes beneath. */
export function consoleTable(rows: BenchRow[]): string {
  const header = ['scenario', 'figure', 'baseline', 'ratio', 'target', 'met?'];
  const body = rows.map((row) => [
    row.title,
    `${row.figure}${row.errors > 0 ? ` (${row.errors} errors)` : ''}`,
    row.baseline?.text ?? '—',
    formatRatio(row.ratio),
    row.target,
    verdict(row),
  ]);
  // CJK characters take two columns in a terminal.
  const width = (text: string) =>
    [...text].reduce((sum, c) => sum + (/[\u3000-\u9fff\uff00-\uffef]/.test(c) ? 2 : 1), 0);
  const widths = header.map((h, i) => Math.min(70, Math.max(width(h), ...body.map((r) => width(r[i]!)))));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c + ' '.repeat(Math.max(0, widths[i]! - width(c)))))
      .join('  ');
  const notes = rows.filter((row) => row.note).map((row) => `  · ${row.title}: ${row.note}`);
  return [line(header), widths.map((w) => '─'.repeat(w)).join('  '), ...body.map(line), '', ...notes].join(
    '\n',
  );
}

export function summaryLine(rows: BenchRow[]): string {
  const judged = rows.filter((row) => row.met !== null);
  const met = judged.filter((row) => row.met).length;
  return `${met} of ${judged.length} targets met, ${judged.length - met} missed`;
}

interface ResultsFile {
  date: string;
  commit: string;
  runs: Array<SuiteResult & { command: string }>;
}

/** Writes (or updates) bench/results/<date>-<commit>.json; returns its path. */
export function writeResults(
  resultsDir: string,
  result: SuiteResult,
  meta: { date: string; commit: string; command: string },
): string {
  mkdirSync(resultsDir, { recursive: true });
  const file = path.join(resultsDir, `${meta.date}-${meta.commit}.json`);
  const existing: ResultsFile = existsSync(file)
    ? (JSON.parse(readFileSync(file, 'utf8')) as ResultsFile)
    : { date: meta.date, commit: meta.commit, runs: [] };
  const runs = existing.runs.filter((run) => runLabel(run) !== runLabel(result));
  runs.push({ ...result, command: meta.command });
  runs.sort((a, b) => runLabel(a).localeCompare(runLabel(b)));
  writeFileSync(file, `${JSON.stringify({ ...existing, runs }, null, 2)}\n`);
  return file;
}

const SECTION_START = '<!-- bench:results:start -->';
const SECTION_END = '<!-- bench:results:end -->';

/**
 * Rewrites this run's block inside the results section of bench/README.md (between the markers),
 * keeping the blocks of other databases and scales.
 */
export function updateReadme(
  readmeFile: string,
  result: SuiteResult,
  meta: { date: string; commit: string; command: string },
): void {
  const readme = readFileSync(readmeFile, 'utf8');
  const start = readme.indexOf(SECTION_START);
  const end = readme.indexOf(SECTION_END);
  if (start < 0 || end < start)
    throw new Error(`${readmeFile} has no ${SECTION_START} … ${SECTION_END} section`);
  const inner = readme.slice(start + SECTION_START.length, end);
  const blocks = new Map<string, string>();
  for (const match of inner.matchAll(/<!-- run: (.+?) -->\n([\s\S]*?)<!-- \/run -->/g)) {
    blocks.set(match[1]!, match[2]!);
  }
  const label = runLabel(result);
  blocks.set(
    label,
    [
      `### ${label}`,
      '',
      `${meta.date}, commit \`${meta.commit}\`, \`${meta.command}\`: ${result.machine.cpus} cores (${result.machine.cpuModel}), ` +
        `Node ${result.machine.node}; ${result.counts.units.toLocaleString('en-US')} units, ${result.counts.members.toLocaleString('en-US')} members, ` +
        `${result.counts.gridEvents.toLocaleString('en-US')} grid events; load runs ${result.seconds} s at ${result.connections} connections; ` +
        `whole run ${Math.round(result.durationSeconds / 60)} min. ${summaryLine(result.rows)}.`,
      '',
      markdownTable(result.rows),
      '',
    ].join('\n'),
  );
  const ordered = [...blocks.entries()].sort(([a], [b]) => a.localeCompare(b));
  const section = ordered.map(([key, body]) => `<!-- run: ${key} -->\n${body}<!-- /run -->`).join('\n\n');
  writeFileSync(
    readmeFile,
    `${readme.slice(0, start + SECTION_START.length)}\n${section}\n${readme.slice(end)}`,
  );
  // Laid out as the project's formatter wants it (aligned table columns), so a run leaves lint clean.
  const biome = path.resolve(path.dirname(readmeFile), '../node_modules/.bin/biome');
  const formatted = spawnSync(biome, ['format', '--write', readmeFile], { encoding: 'utf8' });
  if (formatted.status !== 0)
    console.warn(`${readmeFile} is written but not formatted: ${formatted.stderr || formatted.error}`);
}
