// The embedded database beside PostgreSQL: the member-list and tree scenarios run again on a server
// over PGlite at banner scale (×1), and each p97.5 is set against the PostgreSQL run's figure.
import type { BenchRow } from '../harness';
import type { ScenarioContext } from './context';
import { membersScenario } from './members';
import { treeScenario } from './tree';

const COMPARED = ['members.p95', 'tree.children', 'tree.searchName', 'tree.searchPinyin'];

/** Runs the compared scenarios on `pglite` and returns one row per figure against `postgresRows`. */
export async function embeddedRows(pglite: ScenarioContext, postgresRows: BenchRow[]): Promise<BenchRow[]> {
  const measured = [...(await membersScenario.run(pglite)), ...(await treeScenario.run(pglite))];
  return COMPARED.flatMap((key): BenchRow[] => {
    const row = measured.find((r) => r.key === key);
    if (!row) return [];
    const postgres = postgresRows.find((r) => r.key === key && Number.isFinite(r.value));
    const ratio = postgres ? row.value / Math.max(postgres.value, 0.1) : null;
    return [
      {
        scenario: 'embedded',
        key: `embedded.${key}`,
        title: `PGlite ×1: ${row.title}`,
        value: row.value,
        unit: 'ms',
        figure: row.figure,
        baseline: postgres ? { value: postgres.value, text: `PostgreSQL: ${postgres.figure}` } : null,
        ratio,
        target: 'p95 within 2× of PostgreSQL',
        met: ratio === null ? null : row.errors === 0 && ratio <= 2,
        errors: row.errors,
        note: postgres ? row.note : 'no PostgreSQL figure in this run to compare with',
        detail: row.detail,
      },
    ];
  });
}
