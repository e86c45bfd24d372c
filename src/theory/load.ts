import { readFileSync, statSync } from 'node:fs';
import { getHeapStatistics } from 'node:v8';
import { basename } from 'node:path';
import { type Document, LineCounter, isMap, isScalar, parseDocument } from 'yaml';
import type { z } from 'zod';
import { REGULATORS, REGULATOR_NAMES } from '../regulators/index.js';
import { InputError, alternatives } from './errors.js';
import { LIMITS } from './limits.js';
import { theorySchema, type RawTheory } from './schema.js';
import type { Point, Theory } from './types.js';

/** A value set on the command line for a theory key, e.g. `--order 8` for field_theory.truncation. */
export interface Override {
  key: string; // dotted theory path
  value: unknown;
  option: string; // e.g. "--order"
}

/** The six points of Erbin–Lahoche–Samary: 0.01 x {-1, -0.6, -0.2, 0.2, 0.6, 1}. */
export const DEFAULT_POINTS: number[] = [-0.01, -0.006, -0.002, 0.002, 0.006, 0.01];

/** Reads, validates and completes a theory file; CLI overrides win over file values. */
export function loadTheory(file: string, overrides: Override[] = []): Theory {
  let text: string;
  try {
    const st = statSync(file);
    if (!st.isFile()) throw new InputError(file, '', 'a readable theory file (YAML)', undefined, st.isDirectory() ? 'a directory' : 'not a regular file');
    const size = st.size;
    const most = theoryBytesLimit();
    if (size > most)
      throw new InputError(
        file,
        '',
        `a theory file of at most ${(most / 2 ** 20).toFixed(0)} MB (its YAML tree takes ~75 bytes of heap per byte; raise the heap with ` +
          `NODE_OPTIONS=--max-old-space-size=<MB>)`,
        undefined,
        `${(size / 2 ** 20).toFixed(0)} MB`,
      );
    text = readFileSync(file, 'utf8');
  } catch (e) {
    if (e instanceof InputError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'a directory' : String(code ?? e);
    throw new InputError(file, '', 'a readable theory file (YAML)', undefined, why);
  }
  return parseTheory(text, file, overrides);
}

/** The largest theory file read: a 256th of the JavaScript heap (16 MB of a 4 GB heap; measured ~75 bytes of heap per byte of YAML). */
export function theoryBytesLimit(): number {
  return getHeapStatistics().heap_size_limit / 256;
}

/** Validates theory text (YAML) as if read from `file`. */
export function parseTheory(text: string, file: string, overrides: Override[] = []): Theory {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    const err = doc.errors[0]!;
    const line = err.linePos?.[0]?.line ?? lines.linePos(err.pos[0]).line;
    throw new InputError(file, '', 'valid YAML', line, err.message.split('\n')[0]);
  }
  let raw: unknown;
  try {
    raw = doc.toJS() ?? {};
  } catch (e) {
    // yaml refuses documents whose aliases expand beyond its limit (a "billion laughs" file)
    throw new InputError(file, '', 'a YAML document without excessive aliases', undefined, (e as Error).message);
  }
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    throw new InputError(file, '', 'a YAML mapping of theory keys (name, network, field_theory, ...)', 1, describe(raw));
  }
  const data = structuredClone(raw) as Record<string, unknown>;
  for (const o of overrides) setPath(data, o.key.split('.'), o.value);

  const parsed = theorySchema.safeParse(data, { reportInput: true });
  if (!parsed.success) throw issueToError(parsed.error.issues[0]!, file, doc, lines, overrides);
  return complete(parsed.data, file, doc, lines, overrides);
}

function complete(raw: RawTheory, file: string, doc: Document, lines: LineCounter, overrides: Override[]): Theory {
  const fail = (path: (string | number)[], expected: string, got?: unknown) =>
    errorAt(file, path, expected, doc, lines, overrides, got === undefined ? undefined : describe(got));
  const net = raw.network ?? null;
  const ft = raw.field_theory;
  const dIn = net?.d_in ?? 1;
  if (ft.regulator && REGULATORS[ft.regulator].network && !net) {
    const without = alternatives(REGULATOR_NAMES.filter((r) => !REGULATORS[r].network));
    const why = `${ft.regulator} takes its propagator from the network`;
    throw fail(['field_theory', 'regulator'], `${without} for a theory without a network section (${why})`, ft.regulator);
  }
  const pointsIn = raw.ensemble.points ?? (dIn === 1 ? DEFAULT_POINTS : undefined);
  if (!pointsIn) throw fail(['ensemble', 'points'], `a list of input points (arrays of length d_in = ${dIn})`);
  const points: Point[] = pointsIn.map((p, i) => {
    const arr = typeof p === 'number' ? [p] : p;
    if (arr.length !== dIn) throw fail(['ensemble', 'points', i], `a point with d_in = ${dIn} coordinates`, p);
    return arr;
  });
  const width = raw.ensemble.width;
  if (Array.isArray(width) && width.length !== (net?.depth ?? 1)) {
    throw fail(['ensemble', 'width'], `a list of network.depth = ${net?.depth ?? 1} widths (one per hidden layer), or one width for all layers`, width);
  }
  let orders: [number, number] | undefined;
  if (raw.fixed_points.orders) {
    const [a, b] = raw.fixed_points.orders.split('..').map(Number) as [number, number];
    const max = LIMITS.truncation.max;
    if (a < 4 || b < a || a % 2 || b % 2 || b > max)
      throw fail(['fixed_points', 'orders'], `even orders lo..hi with 4 <= lo <= hi <= ${max} (${LIMITS.truncation.why})`, raw.fixed_points.orders);
    orders = [a, b];
  }
  return {
    file,
    name: raw.name ?? basename(file).replace(/\.ya?ml$/, ''),
    network: net,
    field_theory: {
      dimension: ft.dimension ?? (net ? net.d_in : 3),
      components: ft.components ?? (net ? net.d_out : 1),
      truncation: ft.truncation,
      scheme: ft.scheme,
      regulator: ft.regulator ?? (net ? 'kernel' : 'litim'),
      expand: ft.expand,
      dimensionful: ft.dimensionful,
    },
    ensemble: {
      ...raw.ensemble,
      points,
      width: Array.isArray(width) ? (width.every((n) => n === width[0]) ? width[0] : undefined) : width,
      ...(Array.isArray(width) ? { layerWidths: width } : {}),
    },
    flow: raw.flow,
    fixed_points: { method: raw.fixed_points.method, orders },
    scan: raw.scan,
    data: raw.data ?? null,
    brg: raw.brg ?? null,
    cosnet: raw.cosnet ?? null,
  };
}

function issueToError(issue: z.core.$ZodIssue, file: string, doc: Document, lines: LineCounter, overrides: Override[]): InputError {
  const path = issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p));
  const input = (issue as { input?: unknown }).input;
  const got = input === undefined ? (issue.code === 'invalid_type' ? 'nothing' : undefined) : describe(input);
  switch (issue.code) {
    case 'unrecognized_keys': {
      const key = issue.keys[0]!;
      const allowed = allowedKeys(path);
      return errorAt(file, [...path, key], `no such key; known keys here: ${allowed.join(', ')}`, doc, lines, overrides, undefined, true);
    }
    case 'invalid_type':
      return errorAt(file, path, typeName(issue.expected), doc, lines, overrides, got);
    case 'invalid_value':
      return errorAt(file, path, `one of ${issue.values.map(String).join(', ')}`, doc, lines, overrides, got);
    case 'invalid_union': {
      // the two unions of the schema: a point, and a run's width
      const what =
        path[path.length - 1] === 'width'
          ? 'an integer >= 1, or a list of them (one per hidden layer)'
          : 'a number, or an array of numbers (one per input dimension)';
      return errorAt(file, path, what, doc, lines, overrides, got);
    }
    case 'too_small': {
      const what =
        issue.origin === 'array'
          ? `a list with at least ${issue.minimum} entr${issue.minimum === 1 ? 'y' : 'ies'}`
          : issue.origin === 'string'
            ? 'a non-empty string'
            : `a number ${issue.inclusive ? '>=' : '>'} ${issue.minimum}${issue.message.startsWith('Too small') ? '' : ` (${issue.message})`}`;
      return errorAt(file, path, what, doc, lines, overrides, got);
    }
    case 'too_big': {
      // a limit of LIMITS carries its reason as the message (zod's own messages start with "Too big")
      const why = issue.message.startsWith('Too big') ? '' : ` (${issue.message})`;
      return errorAt(file, path, `a number ${issue.inclusive ? '<=' : '<'} ${issue.maximum}${why}`, doc, lines, overrides, got);
    }
    case 'invalid_format':
      return errorAt(file, path, issue.message, doc, lines, overrides, got);
    default:
      return errorAt(file, path, issue.message, doc, lines, overrides, got);
  }
}

function typeName(t: string): string {
  return (
    (
      { int: 'an integer', number: 'a number', string: 'a string', boolean: 'true or false', array: 'a list', object: 'a mapping (key: value)' } as Record<
        string,
        string
      >
    )[t] ?? t
  );
}

function describe(v: unknown): string {
  if (v === null || v === undefined) return 'nothing';
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'number' && !Number.isInteger(v) && Number.isFinite(v)) return String(v);
  if (Array.isArray(v)) return `a list [${v.slice(0, 4).map(describe).join(', ')}${v.length > 4 ? ', ...' : ''}]`;
  if (typeof v === 'object') return 'a mapping';
  return String(v);
}

/**
 * The hidden widths n_1..n_L of a run: `width` if given (one for all layers, or one per layer), else the file's
 * ensemble.width, else network.widths[0] for every layer.
 */
export function hiddenWidths(theory: Theory, width?: number | number[]): number[] {
  const depth = theory.network?.depth ?? 1;
  const w = width ?? theory.ensemble.layerWidths ?? theory.ensemble.width ?? theory.network?.widths[0] ?? 1;
  return Array.isArray(w) ? w : new Array<number>(depth).fill(w);
}

/** Error naming the option if the value came from the command line, else the file key and its line. */
function errorAt(
  file: string,
  path: (string | number)[],
  expected: string,
  doc: Document,
  lines: LineCounter,
  overrides: Override[],
  got?: string,
  atKey = false,
): InputError {
  const key = path
    .map((p) => (typeof p === 'number' ? `[${p}]` : p))
    .join('.')
    .replace(/\.\[/g, '[');
  const ov = overrides.find((o) => key === o.key || key.startsWith(o.key + '.') || key.startsWith(o.key + '['));
  if (ov) return new InputError('command line', `${ov.option} (${key})`, expected, undefined, got);
  return new InputError(file, key, expected, lineOf(doc, lines, path, atKey), got);
}

function lineOf(doc: Document, lines: LineCounter, path: (string | number)[], atKey: boolean): number | undefined {
  // Walk down as far as the document goes; report the deepest node found.
  for (let n = path.length; n >= 0; n--) {
    const sub = path.slice(0, n);
    if (atKey && n === path.length && n > 0) {
      const parent = sub.length > 1 ? doc.getIn(sub.slice(0, -1), true) : doc.contents;
      if (isMap(parent)) {
        const pair = parent.items.find((it) => isScalar(it.key) && it.key.value === sub[sub.length - 1]);
        const range = (pair?.key as { range?: [number, number, number] } | undefined)?.range;
        if (range) return lines.linePos(range[0]).line;
      }
      continue;
    }
    const node = n === 0 ? doc.contents : doc.getIn(sub, true);
    const range = (node as { range?: [number, number, number] } | null | undefined)?.range;
    if (range) return lines.linePos(range[0]).line;
  }
  return undefined;
}

/** The keys a mapping in the schema allows (for "no such key" messages). */
function allowedKeys(path: (string | number)[]): string[] {
  let shape = shapeOf(theorySchema);
  for (const p of path) {
    const next = typeof p === 'string' ? shape?.[p] : undefined;
    shape = next ? shapeOf(next) : undefined;
  }
  return Object.keys(shape ?? {});
}

/** The object shape behind optional/default wrappers, if the schema is an object. */
function shapeOf(schema: unknown): Record<string, z.ZodType> | undefined {
  let s = schema as { unwrap?: () => unknown; shape?: Record<string, z.ZodType> };
  while (typeof s.unwrap === 'function') s = s.unwrap() as typeof s;
  return s.shape;
}

function setPath(obj: Record<string, unknown>, path: string[], value: unknown): void {
  let cur = obj;
  for (const p of path.slice(0, -1)) {
    if (typeof cur[p] !== 'object' || cur[p] === null || Array.isArray(cur[p])) cur[p] = {};
    cur = cur[p] as Record<string, unknown>;
  }
  cur[path[path.length - 1]!] = value;
}
