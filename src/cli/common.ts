import { SingleBar } from 'cli-progress';
import { InputError, LIMITS, type Limit, loadTheory, type Override, type Theory } from '../theory/index.js';

/** Loads the theory file with the options that override its keys (the option names appear in errors). */
export function theoryWithOverrides(file: string, overrides: (Override | undefined)[]): Theory {
  return loadTheory(
    file,
    overrides.filter((o): o is Override => o !== undefined),
  );
}

/** An override for `key` if the option was given, its string parsed by `parse`. */
export function override<T>(option: string, key: string, raw: string | undefined, parse: (s: string, option: string) => T): Override | undefined {
  return raw === undefined ? undefined : { key, option, value: parse(raw, option) };
}

export function parseNumber(s: string, option: string): number {
  const v = Number(s);
  if (s.trim() === '' || !Number.isFinite(v)) throw new InputError('command line', option, 'a number', undefined, JSON.stringify(s));
  return v;
}

export function parseInteger(s: string, option: string): number {
  const v = parseNumber(s, option);
  if (!Number.isInteger(v)) throw new InputError('command line', option, 'an integer', undefined, JSON.stringify(s));
  return v;
}

/**
 * A count from the command line, `min <= n <= limit.max`: the message gives the range and, above it, the
 * reason (a LIMITS record). Options that set a theory key are checked by the theory schema instead.
 */
export function parseCount(s: string, option: string, min: number, limit?: Limit): number {
  const v = parseInteger(s, option);
  if (v < min) throw new InputError('command line', option, `an integer >= ${min}`, undefined, s);
  if (limit && v > limit.max) throw new InputError('command line', option, `an integer <= ${limit.max} (${limit.why})`, undefined, s);
  return v;
}

export const parseString = (s: string): string => s;

/** `--width 100` (one width for all hidden layers) or `--width 100,50,50` (one per layer). */
export function parseWidths(s: string, option: string): number | number[] {
  const parts = s.split(',').map((x) => parseInteger(x.trim(), option));
  return parts.length === 1 ? parts[0]! : parts;
}

/** `--points 0.1,0.2` (d_in = 1) or `--points "0.1 0.2;0.3 0.4"` (points separated by ';', coordinates by spaces). */
export function parsePoints(s: string, option: string): number[] | number[][] {
  const groups = s
    .split(';')
    .map((g) => g.trim())
    .filter((g) => g !== '');
  if (groups.length === 0) throw new InputError('command line', option, 'a non-empty list of points, e.g. 0.1,0.2,0.3', undefined, JSON.stringify(s));
  // refuse a huge list before parsing it (a point is at least two characters: a digit and a separator)
  const most = LIMITS.kernelPoints;
  const count = groups.length === 1 && !/\s/.test(groups[0]!) ? groups[0]!.split(',').length : groups.length;
  if (count > most.max) throw new InputError('command line', option, `at most ${most.max} points (${most.why})`, undefined, `${count} points`);
  if (groups.length === 1 && !/\s/.test(groups[0]!)) return groups[0]!.split(',').map((x) => parseNumber(x, option));
  return groups.map((g) => g.split(/[\s,]+/).map((x) => parseNumber(x, option)));
}

/** Prints one JSON document on stdout (the --json contract: nothing else goes to stdout). */
export function printJson(value: unknown): void {
  process.stdout.write(JSON.stringify(value, null, 2) + '\n');
}

/** Seconds as "42s", "3m 05s" or "2h 07m". */
export function duration(seconds: number): string {
  const s = Math.round(seconds);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m ${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

/** Progress and warnings go to stderr so that stdout stays machine-readable. */
export function warn(message: string): void {
  process.stderr.write(`nnrg: warning: ${message}\n`);
}

/** Progress of a run over bags, for `onProgress(done, total)` callbacks. */
export interface BagProgress {
  update(done: number, total: number): void;
  /** A status shown after the bar (a precision run's error and the estimate of what remains). */
  note(text: string): void;
  stop(): void;
}

/**
 * A progress bar of bags with rate and time left, on stderr and only when stderr is a terminal (so
 * logs and pipes stay clean). The rate counts only bags run now, not those resumed from a checkpoint.
 */
export function bagProgress(enabled = true): BagProgress {
  if (!enabled || !process.stderr.isTTY) return { update: () => {}, note: () => {}, stop: () => {} };
  const bar = new SingleBar({
    stream: process.stderr,
    format: 'sampling |{bar}| {value}/{total} bags | {rate} bags/s | {left} left{note}',
    hideCursor: true,
  });
  const t0 = Date.now();
  let first: number | undefined;
  let lastTotal = 0;
  let note = '';
  return {
    update(done, total) {
      if (first === undefined) {
        bar.start(total, done, { rate: '-', left: '-', note }); // no estimate before a bag of this run has finished
        first = done;
        lastTotal = total;
        return;
      }
      if (total !== lastTotal) bar.setTotal((lastTotal = total)); // a precision run's next round
      const rate = (done - first) / Math.max(1e-3, (Date.now() - t0) / 1000);
      bar.update(done, { rate: rate.toFixed(2), left: rate > 0 ? duration((total - done) / rate) : '-', note });
    },
    note(text) {
      note = text ? ` | ${text}` : '';
      if (first !== undefined) bar.update({ note });
    },
    stop: () => {
      if (first !== undefined) bar.stop();
    },
  };
}

/** The exit codes of a run stopped by a signal (128 + its number, as shells report it). */
const SIGNAL_EXIT: Record<'SIGINT' | 'SIGTERM', number> = { SIGINT: 130, SIGTERM: 143 };

/** A run stopped by SIGINT or SIGTERM: the reason of the AbortSignal `interruptible` hands to the work. */
export class Interrupted extends Error {
  constructor(readonly signal: keyof typeof SIGNAL_EXIT) {
    super(`stopped by ${signal}`);
    this.name = 'Interrupted';
  }
}

/**
 * Runs a long `work` so that SIGINT and SIGTERM stop it cleanly: they abort the signal it gets (the
 * stages stop their workers and reject with the Interrupted reason), and the command then prints
 * `nnrg: SIGINT: <saved()>` (what was kept, and how to continue) and exits 130 (SIGTERM: 143). A second
 * signal while stopping ends the process at once.
 */
export async function interruptible(work: (signal: AbortSignal) => Promise<number>, saved: () => string): Promise<number> {
  const controller = new AbortController();
  const onSignal = (sig: keyof typeof SIGNAL_EXIT) => {
    if (controller.signal.aborted) process.exit(SIGNAL_EXIT[sig]);
    controller.abort(new Interrupted(sig));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    return await work(controller.signal);
  } catch (e) {
    if (!(e instanceof Interrupted)) throw e;
    process.stderr.write(`\nnnrg: ${e.signal}: ${saved()}\n`);
    return SIGNAL_EXIT[e.signal];
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}
