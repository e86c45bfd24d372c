import { readFileSync, statSync } from 'node:fs';
import type { z } from 'zod';
import { InputError, MAX_TEXT_CHARS } from '../theory/index.js';

/**
 * The JSON value in `file` (named `where` in errors), or bad input: not a regular file (a directory, a
 * device that never ends), larger than any document nnrg writes, unreadable, or not JSON. `what` says
 * what was expected, e.g. "a JSON document written by nnrg sample"; a file that cannot be read at all is
 * named with the `option` that gave it, when there is one.
 */
export function readJson(file: string, what: string, where = file, option?: string): unknown {
  const unreadable = (why: string) =>
    option ? new InputError('command line', option, what, undefined, `${file} (${why})`) : new InputError(where, '', what, undefined, why);
  let text: string;
  try {
    const st = statSync(file);
    if (!st.isFile()) throw unreadable(st.isDirectory() ? 'a directory' : 'not a regular file');
    if (st.size > MAX_TEXT_CHARS) throw unreadable(`${st.size} bytes, more than any document nnrg writes (${MAX_TEXT_CHARS})`);
    text = readFileSync(file, 'utf8');
  } catch (e) {
    if (e instanceof InputError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    throw unreadable(code === 'ENOENT' ? 'no such file' : String(code ?? e));
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new InputError(where, '', what, undefined, 'text that is not JSON');
  }
}

/**
 * `data` (a document read from the file `where`) checked against `schema`: the parsed value, or an
 * InputError (exit 2) naming the file and the path of the first wrong field.
 */
export function checkDocument<S extends z.ZodType>(schema: S, data: unknown, where: string): z.output<S> {
  const r = schema.safeParse(data, { reportInput: true });
  if (r.success) return r.data;
  const issue = r.error.issues[0]!;
  const key = issue.path
    .map((p) => (typeof p === 'number' ? `[${p}]` : String(p)))
    .join('.')
    .replace(/\.\[/g, '[');
  const input = (issue as { input?: unknown }).input;
  switch (issue.code) {
    case 'invalid_type': {
      // JSON has no NaN or Infinity: JSON.stringify writes them as null
      const nan = input === null && (issue.expected === 'number' || issue.expected === 'int');
      return fail(where, key, typeName(issue.expected), nan ? 'null (NaN or Infinity)' : describe(input));
    }
    case 'invalid_value':
      return fail(where, key, `${issue.values.length > 1 ? 'one of ' : ''}${issue.values.map((v) => JSON.stringify(v)).join(', ')}`, describe(input));
    case 'invalid_union': {
      const disc = (issue as { discriminator?: string; options?: unknown[] }).discriminator;
      if (disc !== undefined) {
        const options = ((issue as { options?: unknown[] }).options ?? []).map((v) => JSON.stringify(v)).join(' or ');
        const value = typeof input === 'object' && input !== null ? (input as Record<string, unknown>)[disc] : input;
        return fail(where, key, options, describe(value));
      }
      // each branch failed on this very value: "a number or null", "a number or a list"
      const expected = issue.errors.map((b) => (b[0]?.code === 'invalid_type' && b[0].path.length === 0 ? typeName(b[0].expected) : 'another value'));
      return fail(where, key, [...new Set(expected)].join(' or '), describe(input));
    }
    case 'too_small': {
      const what = issue.origin === 'array' ? `a list of at least ${issue.minimum} entries` : `a number ${issue.inclusive ? '>=' : '>'} ${issue.minimum}`;
      return fail(where, key, what, describe(input));
    }
    case 'too_big': {
      const what = issue.origin === 'array' ? `a list of at most ${issue.maximum} entries` : `a number ${issue.inclusive ? '<=' : '<'} ${issue.maximum}`;
      return fail(where, key, what, describe(input));
    }
    default:
      // the documents' own checks (code "custom") pass what they found already described
      return fail(where, key, issue.message, issue.code === 'custom' && typeof input === 'string' ? input : describe(input));
  }
}

function fail(where: string, key: string, expected: string, got: string): never {
  throw new InputError(where, key, expected, undefined, got);
}

function typeName(t: string): string {
  const names: Record<string, string> = {
    number: 'a finite number',
    int: 'an integer',
    string: 'a string',
    boolean: 'true or false',
    array: 'a list',
    object: 'an object',
    null: 'null',
  };
  return names[t] ?? t;
}

function describe(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'null';
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}...` : v);
  if (Array.isArray(v)) return v.length <= 6 && v.every((x) => typeof x !== 'object' || x === null) ? JSON.stringify(v) : `a list of ${v.length}`;
  if (typeof v === 'object') return 'an object';
  return String(v);
}
