import { readFileSync } from 'node:fs';
import type { CorrelatorDocument } from '../correlators/index.js';
import { InputError } from '../theory/index.js';

/**
 * Reads a correlator document (`nnrg sample | merge | exact` output) for the report, checking the
 * fields the report uses; a wrong file is bad input (exit 2) naming the file and the key.
 */
export function loadSamples(file: string, option = '--samples'): CorrelatorDocument {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new InputError('command line', option, `a readable correlator file (${(e as NodeJS.ErrnoException).code ?? 'unreadable'})`, undefined, JSON.stringify(file));
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    throw new InputError(file, '', 'a JSON document written by nnrg sample, merge or exact');
  }
  const d = doc as Partial<CorrelatorDocument>;
  const need = (ok: boolean, key: string, what: string) => {
    if (!ok) throw new InputError(file, key, what);
  };
  need(typeof doc === 'object' && doc !== null && !Array.isArray(doc), '', 'a JSON object written by nnrg sample, merge or exact');
  need(typeof d.width === 'number' && d.width >= 1, 'width', 'a width >= 1');
  need(Array.isArray(d.points) && d.points.length > 0, 'points', 'a non-empty list of points');
  need(typeof d.correlators === 'object' && d.correlators !== null, 'correlators', 'an object with "2", "4", "6" entries');
  for (const order of ['2', '4', '6'] as const) {
    const list = d.correlators![order];
    need(Array.isArray(list), `correlators.${order}`, 'a list of {idx, value, stderr, gp, m}');
    list!.forEach((e, i) => {
      const ok = Array.isArray(e?.idx) && e.idx.length === Number(order) && typeof e.value === 'number' && typeof e.stderr === 'number' && typeof e.gp === 'number';
      need(ok, `correlators.${order}[${i}]`, `{idx: ${order} point indices, value, stderr, gp, m}`);
    });
  }
  return d as CorrelatorDocument;
}
