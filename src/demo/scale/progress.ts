// Progress of the scale seeding: per stage, how many items of how many, the rows written to every table
// so far, the time the stage has taken and its rate. The seeding reports; the caller decides where the
// lines go (the CLI prints them, tests collect or ignore them).

export interface ProgressReport {
  stage: string;
  /** Items of the stage done (cases, meetings, households …) and how many there will be. */
  done: number;
  total: number;
  /** Rows the stage has written so far, over every table it writes. */
  rows: number;
  /** Seconds since the stage started. */
  seconds: number;
  /** A short note: the month being written, an index being built … */
  note?: string;
}

export type ProgressListener = (report: ProgressReport) => void;

/** Formats one report as a line: stage, items, rows, elapsed seconds and rows per second. */
export function formatProgress(report: ProgressReport): string {
  const rate = report.seconds > 0 ? Math.round(report.rows / report.seconds) : 0;
  const items = report.total > 0 ? `${grouped(report.done)}/${grouped(report.total)}` : grouped(report.done);
  return [
    report.stage.padEnd(14),
    items.padStart(23),
    `${grouped(report.rows).padStart(11)} rows`,
    `${report.seconds.toFixed(1).padStart(7)} s`,
    `${grouped(rate).padStart(9)} rows/s`,
    report.note ?? '',
  ]
    .join('  ')
    .trimEnd();
}

/** 1234567 → "1,234,567". */
export function grouped(value: number): string {
  return Math.round(value)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** Tracks one stage and hands reports to the listener. */
export class StageProgress {
  private readonly started = performance.now();
  done = 0;
  rows = 0;

  constructor(
    private readonly listener: ProgressListener | undefined,
    readonly stage: string,
    readonly total: number,
  ) {}

  get seconds(): number {
    return (performance.now() - this.started) / 1000;
  }

  private lastReport = 0;

  /** Reports now when `force`d or finished, else at most every two seconds (total 0: not known ahead). */
  report(note?: string, force = false): void {
    const now = performance.now();
    const finished = this.total > 0 && this.done >= this.total;
    if (!force && !finished && now - this.lastReport < 2000) return;
    this.lastReport = now;
    this.listener?.({
      stage: this.stage,
      done: this.done,
      total: this.total,
      rows: this.rows,
      seconds: this.seconds,
      note,
    });
  }
}
