import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { vi } from 'vitest';

export const ROOT = resolve(import.meta.dirname, '../..');
export const BIN = join(ROOT, 'bin', 'nnrg.js');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the built CLI (dist/, as after `npm install`) and captures its output. */
export function nnrg(args: string[], opts: { cwd?: string; timeout?: number } = {}): CliResult {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: opts.cwd ?? ROOT, encoding: 'utf8', timeout: opts.timeout ?? 60_000 });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** Like `nnrg`, without blocking: lets independent CLI tests run concurrently (test.concurrent). */
export function nnrgAsync(args: string[], opts: { cwd?: string; timeout?: number } = {}): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      { cwd: opts.cwd ?? ROOT, encoding: 'utf8', timeout: opts.timeout ?? 60_000, maxBuffer: 256 * 2 ** 20 },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : -1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

/** Writes `text` to a fresh temporary file and returns its path. */
export function tempFile(name: string, text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'nnrg-test-'));
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

let queue: Promise<unknown> = Promise.resolve();

/**
 * Runs the CLI's main() from src/ in this process, capturing what it writes: for input errors, where a
 * process of its own adds ~1 s of start-up and nothing else. Calls run one at a time (the capture
 * replaces process.stdout/stderr.write for the whole process). `code` is main()'s exit code.
 */
export function nnrgInProcess(args: string[]): Promise<CliResult> {
  const run = async (): Promise<CliResult> => {
    const { main } = await import('../../src/cli/main.js');
    let stdout = '';
    let stderr = '';
    const text = (chunk: string | Uint8Array) => (typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
    const capture = (append: (s: string) => void) =>
      ((chunk: string | Uint8Array) => {
        append(text(chunk));
        return true;
      }) as typeof process.stdout.write;
    const out = vi.spyOn(process.stdout, 'write').mockImplementation(capture((s) => (stdout += s)));
    const err = vi.spyOn(process.stderr, 'write').mockImplementation(capture((s) => (stderr += s)));
    try {
      const code = await main(['node', 'nnrg', ...args]);
      return { code, stdout, stderr };
    } finally {
      out.mockRestore();
      err.mockRestore();
    }
  };
  const result = queue.then(run, run);
  queue = result.catch(() => undefined);
  return result;
}
