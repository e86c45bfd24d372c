import { readFileSync } from 'node:fs';
import { checkDocument, correlatorDocumentSchema, type CorrelatorDocument } from '../correlators/index.js';
import { InputError } from '../theory/index.js';

/**
 * Reads a correlator document (`nnrg sample | merge | exact` output) for the report, checked against
 * its schema; a wrong file is bad input (exit 2) naming the file and the field.
 */
export function loadSamples(file: string, option = '--samples'): CorrelatorDocument {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new InputError(
      'command line',
      option,
      `a readable correlator file (${(e as NodeJS.ErrnoException).code ?? 'unreadable'})`,
      undefined,
      JSON.stringify(file),
    );
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    throw new InputError(file, '', 'a JSON document written by nnrg sample, merge or exact');
  }
  return checkDocument(correlatorDocumentSchema, doc, file);
}
