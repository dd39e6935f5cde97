import type { ZodType } from 'zod';
import type { Permission } from '../auth/permissions';
import type { Tx } from '../db';
import type { RequestContext } from '../http/context';

/** One column of an import template; the parser finds it by its header, in any order. */
export interface ImportColumn<K extends string = string> {
  key: K;
  /** The Chinese header the user sees and the parser matches. */
  header: string;
  required?: boolean;
  /** Shown in the grey example row of the template; a row equal to the example row is skipped. */
  example?: string;
  /** How to fill the column; shown as a cell note on the header and on the instructions sheet. */
  note?: string;
  /** Column width in characters. */
  width?: number;
  /**
   * 'date' accepts Excel dates and typed dates (2024-1-5, 2024/01/05, 2024.1.5, 2024年1月5日) and
   * yields YYYY-MM-DD; 'text' (default) formats the column as text so long numbers stay intact.
   */
  type?: 'text' | 'date';
  /** The allowed values: a drop-down list in the template, and checked on upload. */
  options?: readonly string[];
  /** A per-cell check of a non-empty value (e.g. length or pattern), with Chinese messages. */
  schema?: ZodType<string>;
}

/** One data row as the user typed it: the Excel row number and the trimmed text of each column. */
export interface ParsedRow<K extends string = string> {
  row: number;
  /** '' when empty; dates as YYYY-MM-DD; numbers as plain decimal strings. */
  values: Record<K, string>;
}

/** One problem in one cell: Excel row number, column header and a Chinese message saying what to do. */
export interface ImportError {
  row: number;
  field: string;
  message: string;
}

/** What validate and commit receive: the uploader's database, actor, scope and cipher. */
export type ImportContext = RequestContext;

/** Progress callback: the number of rows handled so far. */
export type ReportProgress = (processed: number) => void;

/** Everything a module says about one kind of Excel import. */
export interface ImportDefinition<K extends string = string> {
  /** Stable identifier, e.g. 'orgs.units'. */
  kind: string;
  /** Chinese title, e.g. '组织架构导入'; names the template sheet and file. */
  title: string;
  /** Needed to download the template, upload, preview and commit; the scope is where it is held. */
  permission: Permission;
  columns: readonly ImportColumn<K>[];
  /** Upper bound on data rows; defaults to the setting 'import.maxRows'. */
  maxRows?: number;
  /**
   * Cross-row and database checks of rows whose cells already passed the column checks.
   * Runs at upload and again before commit; returns every problem found (nothing is written).
   */
  validate(ctx: ImportContext, rows: ParsedRow<K>[], report: ReportProgress): Promise<ImportError[]>;
  /**
   * The commit runs every check of `validate` itself, inside its transaction, and throws
   * ImportRowsChanged with the problems it finds; the check before the commit is then skipped rather
   * than run twice over the same rows (for 100,000 members, the commit's peak memory).
   */
  checksOnCommit?: boolean;
  /**
   * Writes the rows inside the import's single transaction and records per-entity audit rows.
   * Throwing rolls everything back.
   */
  commit(
    tx: Tx,
    ctx: ImportContext,
    rows: ParsedRow<K>[],
    report: ReportProgress,
  ): Promise<{ created: number; updated: number }>;
}

/** Thrown by a commit that checks its rows (`checksOnCommit`) when they no longer pass. */
export class ImportRowsChanged extends Error {
  constructor(readonly errors: ImportError[]) {
    super(`row ${errors[0]?.row}: ${errors[0]?.message}`);
  }
}

/** Types an import definition so `values` carries the column keys. */
export function defineImport<const K extends string>(def: ImportDefinition<K>): ImportDefinition<K> {
  const keys = new Set<string>();
  const headers = new Set<string>();
  for (const column of def.columns) {
    if (keys.has(column.key) || headers.has(column.header)) {
      throw new Error(`Import ${def.kind}: duplicate column ${column.key} / ${column.header}`);
    }
    keys.add(column.key);
    headers.add(column.header);
  }
  return def;
}

const registry = new Map<string, ImportDefinition>();

/** Makes a definition known to the generic job routes; registering the same object twice is harmless. */
export function registerImport(def: ImportDefinition<string>): void {
  const existing = registry.get(def.kind);
  if (existing && existing !== def) throw new Error(`Import kind ${def.kind} is registered twice`);
  registry.set(def.kind, def);
}

/** The registered definition of an import kind, or undefined. */
export function getImport(kind: string): ImportDefinition | undefined {
  return registry.get(kind);
}
