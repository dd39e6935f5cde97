// What a scenario gets to work with, and what it gives back.
import type { BenchRow, LoadFigure, LoadOptions, SampleFigure, Session } from '../harness';
import type { Fixtures } from '../setup';

export type Account = keyof Fixtures['users'];

/** What a scenario asks to drive; the run supplies connections, seconds and warm-up. */
export type LoadRequest = Omit<LoadOptions, 'connections' | 'seconds'> & { connections?: number };

export interface ScenarioContext {
  /** One iteration of everything (a few requests, a few import rows): for the smoke test. */
  smoke: boolean;
  /** Measured seconds of each load run. */
  seconds: number;
  /** Concurrent connections of each load run. */
  connections: number;
  database: 'postgres' | 'pglite';
  factor: number;
  /** The real server. */
  jiceng: { baseUrl: string; pid: number };
  /** The bare Fastify baseline server over the same data (null: measure without baselines). */
  baseline: { baseUrl: string } | null;
  fixtures: Fixtures;
  /** A logged-in session of one of the suite's accounts (logged in once per run). */
  session(account: Account): Promise<Session>;
  /** An autocannon run with the run's connections and seconds (a few requests in smoke mode). */
  load(options: LoadRequest): Promise<LoadFigure>;
  /** A route and its baseline driven in alternating slices, so the ratio holds on a noisy machine. */
  loadPair(primary: LoadRequest, baseline: LoadRequest | null): Promise<[LoadFigure, LoadFigure | null]>;
  /** Sequential timings of one operation (once in smoke mode). */
  sample(
    once: () => Promise<unknown>,
    options?: { min?: number; max?: number; seconds?: number },
  ): Promise<SampleFigure>;
  /** Rows measured so far in this run (later scenarios compare against earlier ones). */
  rows: BenchRow[];
  log(message: string): void;
}

export interface Scenario {
  /** The name `--scenario` takes. */
  name: string;
  title: string;
  run(ctx: ScenarioContext): Promise<BenchRow[]>;
}

/** Today's date in China (YYYY-MM-DD), the calendar every figure counts on. */
export function chinaToday(now = new Date()): string {
  return new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai' }).format(now);
}

/** This year and its last finished quarter (the first quarter while it is still running). */
export function reportingPeriod(today = chinaToday()): { year: number; quarter: number } {
  const year = Number(today.slice(0, 4));
  const quarter = Math.floor((Number(today.slice(5, 7)) - 1) / 3) + 1;
  return { year, quarter: Math.max(1, quarter - 1) };
}

/** The baseline server's address; scenarios that compare against it need one. */
export function baselineUrl(ctx: ScenarioContext): string {
  if (!ctx.baseline) throw new Error('this scenario needs the baseline server');
  return ctx.baseline.baseUrl;
}
