import { closeSync, existsSync, fsyncSync, openSync, renameSync, rmSync, type Stats, statSync, writeSync } from 'node:fs';
import { checkDocument, readJson, sampledDocumentSchema, type SampledDocument } from '../correlators/index.js';
import { InputError } from '../theory/index.js';

/**
 * Writes `text` to `file` atomically: a temporary file beside it, fsync, rename (a kill -9 leaves the old
 * or the new file). A failure removes the temporary file and is bad input naming the file (exit 2).
 */
export function writeAtomic(file: string, text: string): void {
  const tmp = `${file}.tmp-${process.pid}`;
  try {
    const fd = openSync(tmp, 'w');
    try {
      writeSync(fd, text);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, file);
  } catch (e) {
    rmSync(tmp, { force: true });
    const code = (e as NodeJS.ErrnoException).code;
    if (!code) throw e;
    throw new InputError(file, '', 'a file nnrg can write', undefined, `${code} (${(e as Error).message.replace(/^[A-Z]+: /, '').split(',')[0]})`);
  }
}

/**
 * Fails early (before hours of sampling) when `file` cannot be written: a directory, not a regular file,
 * or a directory that does not exist or takes no new file (tried by creating and removing the
 * temporary file writeAtomic will use, which works whoever runs it).
 */
export function checkWritable(file: string, option = '--out'): void {
  const refuse = (why: string) => new InputError('command line', option, 'a file in an existing, writable directory', undefined, `${file} (${why})`);
  let st: Stats | undefined;
  try {
    st = statSync(file, { throwIfNoEntry: false });
  } catch (e) {
    throw refuse(String((e as NodeJS.ErrnoException).code ?? e)); // ENOTDIR: a path through a file
  }
  if (st?.isDirectory()) throw refuse('a directory');
  if (st && !st.isFile()) throw refuse('not a regular file');
  const tmp = `${file}.tmp-${process.pid}`;
  try {
    closeSync(openSync(tmp, 'w'));
  } catch (e) {
    throw refuse(String((e as NodeJS.ErrnoException).code ?? e));
  }
  rmSync(tmp, { force: true });
}

export function documentText(doc: unknown): string {
  return JSON.stringify(doc, null, 2) + '\n';
}

/**
 * A sampled document as resume and merge read it: beyond the document's own checks, its bags are
 * bags of this ensemble, each once, and its counts agree with them.
 */
export const checkpointSchema = sampledDocumentSchema.superRefine((doc, ctx) => {
  const issue = (path: (string | number)[], expected: string, input: unknown) => ctx.addIssue({ code: 'custom', path, message: expected, input });
  const seen = new Set<number>();
  for (const [i, s] of doc.bagStats.entries()) {
    if (s.bag >= doc.bags) return issue(['bagStats', i, 'bag'], `a bag index below bags = ${doc.bags}`, s.bag);
    if (seen.has(s.bag)) return issue(['bagStats', i, 'bag'], 'each bag once', s.bag);
    seen.add(s.bag);
    if (s.top.length > doc.sampler.topK) return issue(['bagStats', i, 'top'], `at most sampler.topK = ${doc.sampler.topK} values`, `${s.top.length} values`);
  }
  if (doc.bagsDone !== doc.bagStats.length) return issue(['bagsDone'], `the number of bags in bagStats (${doc.bagStats.length})`, doc.bagsDone);
  if (doc.shard && doc.shard.index > doc.shard.count) return issue(['shard', 'index'], `at most shard.count = ${doc.shard.count}`, doc.shard.index);
});

/** Reads a document written by `nnrg sample` or `nnrg merge` (a checkpoint or a finished run); `where` names it in errors. */
export function readSampleDocument(file: string, where = file): SampledDocument {
  const doc = readJson(file, 'a JSON document written by nnrg sample', where);
  return checkDocument(checkpointSchema, doc, where);
}

export const checkpointExists = existsSync;
