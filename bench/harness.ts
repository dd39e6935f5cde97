// The shared harness of the benchmark suite: child processes (the real server, the baseline server,
// the seeder), logins over HTTP, autocannon load runs, sampled single requests, percentiles and the
// resident memory of a process. Everything here talks to the server over HTTP from this process.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { freePort } from '../test/support/local';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The password of every account the suite logs in with. */
export const BENCH_PASSWORD = 'Bench#2026pass';

// ---- processes -----------------------------------------------------------------------------------

export interface Launched {
  name: string;
  child: ChildProcess;
  pid: number;
  /** The last 16 KB of what the process printed. */
  output(): string;
  /** Resolves with the exit code once the process has ended. */
  exited: Promise<number | null>;
}

const running = new Set<Launched>();

/**
 * Starts `node --import tsx <script> …args` in the repository. The node process itself is the child
 * (no wrapper), so its pid is the one whose memory /proc reports. `nodeFlags` go before the script
 * (e.g. `--cpu-prof`).
 */
export function launch(options: {
  name: string;
  script: string;
  args?: string[];
  env?: Record<string, string | undefined>;
  nodeFlags?: string[];
  echo?: boolean;
}): Launched {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const [key, value] of Object.entries(options.env ?? {})) {
    if (value === undefined) delete env[key];
    else env[key] = value;
  }
  const child = spawn(
    process.execPath,
    [...(options.nodeFlags ?? []), '--import', 'tsx', options.script, ...(options.args ?? [])],
    { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let log = '';
  const onData = (chunk: Buffer) => {
    log = (log + chunk.toString()).slice(-16_000);
    if (options.echo) process.stdout.write(prefixLines(options.name, chunk.toString()));
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const launched: Launched = { name: options.name, child, pid: child.pid!, output: () => log, exited };
  running.add(launched);
  void exited.then(() => running.delete(launched));
  return launched;
}

function prefixLines(name: string, text: string): string {
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => `  [${name}] ${line}\n`)
    .join('');
}

/** Ends a launched process: SIGTERM, then SIGKILL after `graceMs`. */
export async function stop(launched: Launched, graceMs = 30_000): Promise<void> {
  if (launched.child.exitCode !== null || launched.child.signalCode !== null) return;
  launched.child.kill('SIGTERM');
  const timer = setTimeout(() => launched.child.kill('SIGKILL'), graceMs);
  await launched.exited;
  clearTimeout(timer);
}

/** Kills every process this harness started and that still runs (on a failed run). */
export function killAll(): void {
  for (const launched of running) launched.child.kill('SIGKILL');
}

/** Waits until GET `url` answers 2xx; fails early when the process exits. */
export async function waitForHttp(url: string, launched: Launched, timeoutMs = 300_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (launched.child.exitCode !== null) {
      throw new Error(`${launched.name} exited with ${launched.child.exitCode}:\n${launched.output()}`);
    }
    try {
      const response = await fetch(url);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await sleep(250);
  }
  throw new Error(`${launched.name} did not answer ${url} within ${timeoutMs} ms:\n${launched.output()}`);
}

/** Runs a process to its end; fails with its output when the exit code is not 0. */
export async function runToEnd(launched: Launched): Promise<string> {
  const code = await launched.exited;
  if (code !== 0) throw new Error(`${launched.name} exited with ${code}:\n${launched.output()}`);
  return launched.output();
}

export { freePort };

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Busy and total processor time of the whole machine so far, from /proc/stat (in clock ticks). */
function processorTicks(): { busy: number; total: number } {
  const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  const total = fields.reduce((sum, value) => sum + value, 0);
  // user nice system idle iowait irq softirq steal …: idle and iowait are not busy.
  return { busy: total - fields[3]! - (fields[4] ?? 0), total };
}

/**
 * Waits until the machine's processors are less than `busyBelow` busy over half a second (or `maxMs`
 * has passed): a scenario that times single loads runs after one that left work behind (the server
 * collecting an import's garbage, PostgreSQL vacuuming its rows). Returns how long it waited and the
 * last half-second's busy share.
 */
export async function settleMachine(
  busyBelow = 0.25,
  maxMs = 30_000,
): Promise<{ waitedMs: number; busy: number }> {
  const started = performance.now();
  for (;;) {
    const before = processorTicks();
    await sleep(500);
    const after = processorTicks();
    const busy = (after.busy - before.busy) / Math.max(after.total - before.total, 1);
    const waitedMs = performance.now() - started;
    if (busy < busyBelow || waitedMs >= maxMs) return { waitedMs: round(waitedMs, 0), busy: round(busy, 2) };
  }
}

/** Resident memory of a process from /proc/<pid>/status: now (VmRSS) and its peak (VmHWM), in MiB. */
export function memoryOf(pid: number): { rssMiB: number; peakMiB: number } | null {
  const file = `/proc/${pid}/status`;
  if (!existsSync(file)) return null;
  const status = readFileSync(file, 'utf8');
  const kib = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { rssMiB: kib('VmRSS') / 1024, peakMiB: kib('VmHWM') / 1024 };
}

/**
 * Samples a process's resident memory every `everyMs`: `lap()` returns the highest sample since the
 * previous lap (per stage), `stop()` the highest of all.
 */
export function watchMemory(pid: number, everyMs = 100): { lap(): number; stop(): number } {
  let highest = memoryOf(pid)?.rssMiB ?? 0;
  let lapHighest = highest;
  const timer = setInterval(() => {
    const now = memoryOf(pid)?.rssMiB;
    if (now === undefined) return;
    highest = Math.max(highest, now);
    lapHighest = Math.max(lapHighest, now);
  }, everyMs);
  return {
    lap() {
      const value = Math.max(lapHighest, memoryOf(pid)?.rssMiB ?? 0);
      lapHighest = memoryOf(pid)?.rssMiB ?? 0;
      highest = Math.max(highest, value);
      return value;
    },
    stop() {
      clearInterval(timer);
      return Math.max(highest, memoryOf(pid)?.rssMiB ?? 0);
    },
  };
}

// ---- HTTP sessions --------------------------------------------------------------------------------

/** A logged-in client of the real server: its cookie and CSRF token, and JSON helpers. */
export interface Session {
  baseUrl: string;
  username: string;
  /** Headers that authenticate a request (cookie + CSRF token), for autocannon too. */
  headers: Record<string, string>;
  get<T>(url: string): Promise<T>;
  post<T>(url: string, body?: unknown): Promise<T>;
  /** The raw response, for downloads and uploads; fails on a non-2xx status. */
  fetch(url: string, init?: RequestInit): Promise<Response>;
}

/** Logs in over HTTP as `username`. */
export async function login(baseUrl: string, username: string, password = BENCH_PASSWORD): Promise<Session> {
  const response = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (!response.ok) throw new Error(`login ${username}: ${response.status} ${await response.text()}`);
  const cookie = response.headers
    .getSetCookie()
    .map((c) => c.split(';')[0]!)
    .find((c) => c.startsWith('jiceng_sid='));
  if (!cookie) throw new Error(`login ${username}: no session cookie`);
  const { csrfToken } = (await response.json()) as { csrfToken: string };
  const headers = { cookie, 'x-csrf-token': csrfToken };
  const raw = async (url: string, init: RequestInit = {}) => {
    const answer = await globalThis.fetch(`${baseUrl}${url}`, {
      ...init,
      headers: { ...headers, ...(init.headers as Record<string, string> | undefined) },
    });
    if (!answer.ok) {
      throw new Error(
        `${init.method ?? 'GET'} ${url}: ${answer.status} ${(await answer.text()).slice(0, 500)}`,
      );
    }
    return answer;
  };
  return {
    baseUrl,
    username,
    headers,
    fetch: raw,
    get: async <T>(url: string) => (await (await raw(url)).json()) as T,
    post: async <T>(url: string, body?: unknown) => {
      const answer = await raw(url, {
        method: 'POST',
        ...(body !== undefined && {
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
        }),
      });
      return (answer.status === 204 ? null : await answer.json()) as T;
    },
  };
}

// ---- load and timing -----------------------------------------------------------------------------

/** What a load run measured. Latencies in ms, from every 2xx answer; p97.5 stands in for p95. */
export interface LoadFigure {
  kind: 'load';
  connections: number;
  seconds: number;
  requests: number;
  requestsPerSecond: number;
  p50: number;
  p90: number;
  /** Kept in the results file; the table judges p95 targets on p97.5 (see README). */
  p95: number;
  p97_5: number;
  p99: number;
  max: number;
  /** Connection errors and timeouts plus non-2xx answers. */
  errors: number;
  /** The first failed answer, when there was one: status and the start of the body. */
  failure?: string;
}

export interface LoadOptions {
  url: string;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
  /** A fresh body per request (POST of new records); numbered across all runs of these options. */
  bodyOf?: (n: number) => string;
  connections: number;
  /** Measured seconds; a run of `amount` requests instead when set. */
  seconds: number;
  amount?: number;
  /** Seconds of unmeasured warm-up at the same concurrency first (0 for none). */
  warmupSeconds?: number;
}

interface Driven {
  latencies: number[];
  requests: number;
  errors: number;
  seconds: number;
}

const bodyCounters = new WeakMap<LoadOptions, { n: number }>();

/** One autocannon run of `seconds` (or `amount` requests), keeping every 2xx answer's latency. */
function drive(options: LoadOptions, limit: { seconds: number } | { amount: number }): Promise<Driven> {
  let counter = bodyCounters.get(options);
  if (!counter) {
    counter = { n: 0 };
    bodyCounters.set(options, counter);
  }
  const numbered = counter;
  const latencies: number[] = [];
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: options.url,
        method: options.method ?? 'GET',
        headers: options.headers,
        body: options.body,
        connections: options.connections,
        timeout: 30,
        // A short run ends at the next sample tick: tick often then.
        sampleInt: 'amount' in limit ? 50 : 250,
        ...('amount' in limit ? { amount: limit.amount } : { duration: limit.seconds }),
        ...(options.bodyOf && {
          requests: [
            {
              setupRequest: (request: autocannon.Request) => {
                numbered.n += 1;
                return { ...request, body: options.bodyOf!(numbered.n) };
              },
            },
          ],
        }),
      },
      (error, result) => {
        if (error) reject(error);
        else
          resolve({
            latencies,
            requests: result.requests.total,
            errors: result.errors + result.non2xx,
            seconds: result.duration,
          });
      },
    );
    instance.on('response', (_client: unknown, statusCode: number, _bytes: number, responseTime: number) => {
      if (statusCode >= 200 && statusCode < 300) latencies.push(responseTime);
    });
  });
}

function figureOf(options: LoadOptions, runs: Driven[]): LoadFigure {
  const latencies = runs.flatMap((run) => run.latencies).sort((a, b) => a - b);
  const requests = runs.reduce((sum, run) => sum + run.requests, 0);
  const seconds = runs.reduce((sum, run) => sum + run.seconds, 0);
  const at = (p: number) => (latencies.length > 0 ? round(percentile(latencies, p, true), 1) : Number.NaN);
  return {
    kind: 'load',
    connections: options.connections,
    seconds: round(seconds, 1),
    requests,
    requestsPerSecond: round(requests / Math.max(seconds, 0.001), 0),
    p50: at(50),
    p90: at(90),
    p95: at(95),
    p97_5: at(97.5),
    p99: at(99),
    max: latencies.length > 0 ? round(latencies[latencies.length - 1]!, 1) : Number.NaN,
    errors: runs.reduce((sum, run) => sum + run.errors, 0),
  };
}

/** Drives one URL with autocannon and returns its figures. */
export async function loadTest(options: LoadOptions): Promise<LoadFigure> {
  return (await loadPair(options, null))[0];
}

/**
 * Drives a route and its baseline in alternating slices (five of each, `seconds` in all for each),
 * so a change in the machine's load during the run weighs on both alike and their ratio holds.
 */
export async function loadPair(
  primary: LoadOptions,
  baseline: LoadOptions | null,
  slices = 5,
): Promise<[LoadFigure, LoadFigure | null]> {
  const both = baseline ? [primary, baseline] : [primary];
  const runs = both.map((): Driven[] => []);
  if (primary.amount) {
    for (const [i, options] of both.entries())
      runs[i]!.push(await drive(options, { amount: options.amount! }));
  } else {
    for (const options of both) {
      if (options.warmupSeconds) await drive(options, { seconds: options.warmupSeconds });
    }
    for (let slice = 0; slice < slices; slice++) {
      for (const [i, options] of both.entries()) {
        runs[i]!.push(await drive(options, { seconds: Math.max(1, Math.round(options.seconds / slices)) }));
      }
    }
  }
  const figures = await Promise.all(
    both.map(async (options, i) => {
      const figure = figureOf(options, runs[i]!);
      if (figure.errors > 0) figure.failure = await probe(options);
      return figure;
    }),
  );
  return [figures[0]!, figures[1] ?? null];
}

/** One request like the load's, to show why it failed. */
async function probe(options: LoadOptions): Promise<string> {
  try {
    const response = await fetch(options.url, {
      method: options.method ?? 'GET',
      headers: options.headers,
      body: options.bodyOf ? options.bodyOf(0) : options.body,
    });
    return `${response.status} ${(await response.text()).slice(0, 300)}`;
  } catch (error) {
    return String(error);
  }
}

/** Timings of single requests made one after another. Milliseconds. */
export interface SampleFigure {
  kind: 'samples';
  count: number;
  p50: number;
  /** Nearest-rank p95 of the samples (the largest sample when there are fewer than 20). */
  p95: number;
  max: number;
  samples: number[];
  errors: number;
  failure?: string;
}

/**
 * Runs `once` repeatedly: at least `min` and at most `max` times, stopping once `seconds` have passed
 * and `min` are done — or, for slow operations, once three times `seconds` have passed (at least one
 * sample always). With `warmup`, the first call is left out when it was quick (under 1 s: JIT and
 * cache warm-up matter there); a slow first call counts, as another would cost as much again.
 */
export async function sample(
  once: () => Promise<unknown>,
  options: { min: number; max: number; seconds: number; warmup: boolean },
): Promise<SampleFigure> {
  const samples: number[] = [];
  let errors = 0;
  let failure: string | undefined;
  const timed = async () => {
    const started = performance.now();
    try {
      await once();
    } catch (error) {
      errors += 1;
      failure ??= error instanceof Error ? error.message : String(error);
    }
    return round(performance.now() - started, 1);
  };
  const started = Date.now();
  if (options.warmup) {
    const first = await timed();
    if (first >= 1000) samples.push(first);
  }
  const elapsed = () => (Date.now() - started) / 1000;
  while (
    samples.length < options.max &&
    (samples.length === 0 ||
      (samples.length < options.min ? elapsed() < 3 * options.seconds : elapsed() < options.seconds))
  ) {
    samples.push(await timed());
  }
  return samplesFigure(samples, errors, failure);
}

/** The figure of a set of timings (ms): count, nearest-rank p50 and p95, the slowest. */
export function samplesFigure(samples: number[], errors = 0, failure?: string): SampleFigure {
  return {
    kind: 'samples',
    count: samples.length,
    p50: percentile(samples, 50),
    p95: percentile(samples, 95),
    max: Math.max(...samples),
    samples,
    errors,
    ...(failure && { failure }),
  };
}

/** Nearest-rank percentile of a list of numbers (`sorted`: already in ascending order). */
export function percentile(values: number[], p: number, sorted = false): number {
  if (values.length === 0) return Number.NaN;
  if (!sorted) values = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * values.length);
  return values[Math.min(values.length, Math.max(1, rank)) - 1]!;
}

export function round(value: number, digits: number): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}

// ---- results -------------------------------------------------------------------------------------

/** One figure of the suite as the table prints it. */
export interface BenchRow {
  /** Scenario name (`members`, `tree` …), as `--scenario` takes it. */
  scenario: string;
  /** Stable key of the row (`members.p95`). */
  key: string;
  /** What is measured, in words. */
  title: string;
  /** The number judged against the target, in `unit`. */
  value: number;
  unit: 'ms' | 'req/s' | 'MiB' | 'KB' | 's' | 'rows';
  /** The figure as printed (`p97.5 23 ms · 1,210 req/s`). */
  figure: string;
  baseline: { value: number; text: string } | null;
  /** figure ÷ baseline, when there is a baseline. */
  ratio: number | null;
  target: string;
  /** null for rows without a target (the HTTP baseline itself). */
  met: boolean | null;
  errors: number;
  note?: string;
  detail?: unknown;
}

/** `met` for an upper bound. */
export const atMost = (value: number, limit: number) => Number.isFinite(value) && value <= limit;
/** `met` for a lower bound. */
export const atLeast = (value: number, limit: number) => Number.isFinite(value) && value >= limit;

export const ms = (value: number) => `${value >= 100 ? Math.round(value) : round(value, 1)} ms`;
export const perSecond = (value: number) => `${Math.round(value).toLocaleString('en-US')} req/s`;

/** `p97.5 23 ms · 1,210 req/s` — the load figure as the table prints it. */
export function describeLoad(figure: LoadFigure): string {
  return `p97.5 ${ms(figure.p97_5)} · ${perSecond(figure.requestsPerSecond)}`;
}

/** `p95 240 ms (n=5)` — sampled timings as the table prints them. */
export function describeSamples(figure: SampleFigure): string {
  return `p95 ${ms(figure.p95)} · p50 ${ms(figure.p50)} (n=${figure.count})`;
}

/** The row's note with why the route or its baseline failed, if either did. */
export function failureNote(note: string | undefined, figure: LoadFigure, baseline: LoadFigure | null) {
  return (
    [
      note,
      figure.failure && `failed: ${figure.failure}`,
      baseline?.failure && `baseline failed: ${baseline.failure}`,
    ]
      .filter(Boolean)
      .join('; ') || undefined
  );
}

/** A row judging a load run's p97.5 (the stricter stand-in for p95) against `limitMs`. */
export function latencyRow(input: {
  scenario: string;
  key: string;
  title: string;
  figure: LoadFigure;
  baseline: LoadFigure | null;
  limitMs: number;
  note?: string;
}): BenchRow {
  const { figure, baseline } = input;
  return {
    scenario: input.scenario,
    key: input.key,
    title: input.title,
    value: figure.p97_5,
    unit: 'ms',
    figure: describeLoad(figure),
    baseline: baseline ? { value: baseline.p97_5, text: describeLoad(baseline) } : null,
    ratio: baseline ? figure.p97_5 / Math.max(baseline.p97_5, 0.1) : null,
    target: `p95 ≤ ${input.limitMs} ms at ${figure.connections} conn.`,
    met: figure.errors === 0 && atMost(figure.p97_5, input.limitMs),
    errors: figure.errors + (baseline?.errors ?? 0),
    note: failureNote(input.note, figure, baseline),
    detail: { figure, baseline },
  };
}

/** A row judging sampled timings' p95 against `limitMs`. */
export function samplesRow(input: {
  scenario: string;
  key: string;
  title: string;
  figure: SampleFigure;
  baseline?: { value: number; text: string } | null;
  limitMs: number;
  target?: string;
  note?: string;
}): BenchRow {
  const { figure } = input;
  return {
    scenario: input.scenario,
    key: input.key,
    title: input.title,
    value: figure.p95,
    unit: 'ms',
    figure: describeSamples(figure),
    baseline: input.baseline ?? null,
    ratio: input.baseline ? figure.p95 / Math.max(input.baseline.value, 0.1) : null,
    target:
      input.target ?? `≤ ${input.limitMs >= 1000 ? `${input.limitMs / 1000} s` : `${input.limitMs} ms`}`,
    met: figure.errors === 0 && atMost(figure.p95, input.limitMs),
    errors: figure.errors,
    note: [input.note, figure.failure && `failed: ${figure.failure}`].filter(Boolean).join('; ') || undefined,
    detail: figure,
  };
}
