import { accessSync, closeSync, constants, existsSync, fsyncSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { InputError } from '../theory/index.js';
import type { SampleDocument } from './document.js';

/** Writes `doc` to `file` atomically: a temporary file beside it, fsync, rename (a kill -9 leaves old or new). */
export function writeAtomic(file: string, text: string): void {
  const tmp = `${file}.tmp-${process.pid}`;
  const fd = openSync(tmp, 'w');
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, file);
}

/** Fails early (before hours of sampling) when `file`'s directory cannot take the checkpoint. */
export function checkWritable(file: string, option = '--out'): void {
  try {
    accessSync(dirname(file), constants.W_OK);
  } catch (e) {
    throw new InputError('command line', option, 'a file in an existing, writable directory', undefined, `${file} (${String((e as NodeJS.ErrnoException).code ?? e)})`);
  }
}

export function documentText(doc: unknown): string {
  return JSON.stringify(doc, null, 2) + '\n';
}

/** Reads a document written by `nnrg sample` (a checkpoint or a finished run); `where` names it in errors. */
export function readSampleDocument(file: string, where = file): SampleDocument {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new InputError(where, '', 'a readable JSON file written by nnrg sample', undefined, String((e as NodeJS.ErrnoException).code ?? e));
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    throw new InputError(where, '', 'a JSON document written by nnrg sample', undefined, 'text that is not JSON');
  }
  return checkSampleDocument(doc, where);
}

export function checkSampleDocument(doc: unknown, where: string): SampleDocument {
  const d = doc as Partial<SampleDocument> | null;
  if (!d || typeof d !== 'object' || !Array.isArray(d.bagStats) || !d.sampler || typeof d.nets !== 'number') {
    throw new InputError(where, 'bagStats', 'a document written by nnrg sample (with its per-bag sums, bagStats)');
  }
  return d as SampleDocument;
}

export const checkpointExists = existsSync;
