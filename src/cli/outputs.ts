import { closeSync, openSync, readFileSync, rmSync, statSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { resolve } from 'node:path';
import { checkWritable, writeAtomic } from '../ensemble/index.js';
import { InputError } from '../theory/index.js';
import { warn } from './common.js';

/** A file a command writes, and the option that named it (for messages). */
export interface Output {
  file: string;
  option: string;
}

/**
 * Claims a command's output files before its work starts (docs/development.md, "Rules every command
 * follows"): each is a regular file in a writable directory, none is one of the `inputs` or another
 * output, and each is locked against other nnrg processes until the returned release is called (the
 * lock also goes when the process exits). Write them with `writeOutput`.
 */
export function claimOutputs(outputs: (Output | undefined)[], inputs: string[]): () => void {
  const outs = outputs.filter((o): o is Output => o !== undefined);
  const seen: Output[] = [];
  for (const o of outs) {
    checkWritable(o.file, o.option);
    const input = inputs.find((i) => sameFile(i, o.file));
    if (input !== undefined)
      throw new InputError('command line', o.option, 'a file that is not one of the inputs (nnrg never writes over an input)', undefined, o.file);
    const twice = seen.find((s) => resolve(s.file) === resolve(o.file) || sameFile(s.file, o.file));
    if (twice) throw new InputError('command line', o.option, `a file other than ${twice.option}`, undefined, o.file);
    seen.push(o);
  }
  const releases: (() => void)[] = [];
  try {
    for (const o of outs) releases.push(lock(o));
  } catch (e) {
    for (const r of releases) r();
    throw e;
  }
  return () => {
    for (const r of releases) r();
  };
}

/** Writes an output claimed with claimOutputs: atomically, so a failed or killed run leaves the old file. */
export function writeOutput(o: Output, text: string): void {
  writeAtomic(o.file, text);
}

/** Whether two paths name one existing file (through links too). */
function sameFile(a: string, b: string): boolean {
  const stat = (f: string) => {
    try {
      return statSync(f, { throwIfNoEntry: false });
    } catch {
      return undefined; // ENOTDIR and the like: no such file
    }
  };
  const sa = stat(a);
  const sb = stat(b);
  return !!sa && !!sb && sa.ino === sb.ino && sa.dev === sb.dev;
}

/** Locks held by this process, released when it exits however it exits. */
const held = new Set<string>();
const releaseAll = () => {
  for (const l of held) rmSync(l, { force: true });
  held.clear();
};
process.on('exit', releaseAll);
/**
 * A signal ends a command that is not `interruptible` (its default action skips 'exit' handlers): release
 * the locks, then die of the signal as before. Under `interruptible` (another listener) the command stops
 * itself and releases them.
 */
const onSignal = (sig: NodeJS.Signals) => {
  if (process.listenerCount(sig) > 1) return;
  releaseAll();
  process.off(sig, onSignal);
  process.kill(process.pid, sig);
};
process.on('SIGINT', onSignal);
process.on('SIGTERM', onSignal);

/**
 * `<file>.lock`, created exclusively and holding "pid host": a second writer of the same file is
 * refused while the first runs. A lock whose process is gone (same host, no such pid) is stale: it is
 * removed with a warning. A lock of another host cannot be checked: the message says how to remove it.
 */
function lock(o: Output): () => void {
  const path = `${o.file}.lock`;
  const me = `${process.pid} ${hostname()}`;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, 'wx');
      writeSync(fd, `${me}\n`);
      closeSync(fd);
      held.add(path);
      return () => {
        held.delete(path);
        if (readLock(path) === me) rmSync(path, { force: true });
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST')
        throw new InputError('command line', o.option, 'a file whose lock nnrg can create', undefined, `${path} (${(e as NodeJS.ErrnoException).code ?? e})`);
    }
    const owner = readLock(path);
    const [pid, host] = (owner ?? '').split(' ');
    const wellFormed = owner !== undefined && /^\d+ \S+$/.test(owner);
    // a lock being written this very moment has no pid yet: young ones count as held
    const young = Date.now() - (statSync(path, { throwIfNoEntry: false })?.mtimeMs ?? 0) < 5000;
    if ((wellFormed && (host !== hostname() || isRunning(Number(pid)))) || (!wellFormed && young)) {
      const who = !wellFormed ? 'another nnrg run' : host === hostname() ? `nnrg process ${pid}` : `nnrg process ${pid} on ${host}`;
      throw new InputError(
        'command line',
        o.option,
        `a file no other run is writing (${who} holds ${path}; wait for it, or remove the lock if that run is gone)`,
        undefined,
        o.file,
      );
    }
    warn(`removed the stale lock ${path}${owner ? ` of process ${pid}, which is not running` : ''}`);
    rmSync(path, { force: true });
  }
  throw new InputError('command line', o.option, 'a file whose lock nnrg can take', undefined, `${path} (another run keeps taking it)`);
}

function readLock(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8').trim();
  } catch {
    return undefined;
  }
}

function isRunning(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM'; // exists, owned by someone else
  }
}
