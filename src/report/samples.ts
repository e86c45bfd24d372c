import { checkDocument, correlatorDocumentSchema, readJson, type CorrelatorDocument } from '../correlators/index.js';
import { InputError, type Theory } from '../theory/index.js';

/**
 * Reads a correlator document (`nnrg sample | merge | exact` output) for the report, checked against
 * its schema; a wrong file is bad input (exit 2) naming the file and the field.
 */
export function loadSamples(file: string, option = '--samples'): CorrelatorDocument {
  const doc = readJson(file, 'a JSON document written by nnrg sample, merge or exact', file, option);
  return checkDocument(correlatorDocumentSchema, doc, file);
}

/**
 * What differs between the ensemble of a --samples document and the theory's: the network (activation,
 * d_in, d_out, depth, sigma_w, sigma_b), the points and the couplings' normalization. Exact documents
 * record no network: their points and normalization are compared.
 */
export function ensembleDifferences(theory: Theory, doc: CorrelatorDocument): string[] {
  const out: string[] = [];
  const cmp = (name: string, mine: unknown, theirs: unknown) => {
    if (JSON.stringify(mine) !== JSON.stringify(theirs)) out.push(`${name} ${JSON.stringify(theirs)} (the theory has ${JSON.stringify(mine)})`);
  };
  const net = theory.network;
  if (doc.kind === 'sampled' && net) {
    const s = doc.sampler;
    for (const k of ['activation', 'd_in', 'd_out', 'depth', 'sigma_w', 'sigma_b'] as const) cmp(`sampler.${k}`, net[k], s[k]);
    cmp('sampler.normalization', theory.ensemble.normalization, s.normalization);
  }
  if (doc.kind === 'exact' && doc.couplings) cmp('couplings.normalization', theory.ensemble.normalization, doc.couplings.normalization);
  const points = theory.ensemble.points.map((p) => (p.length === 1 ? p[0]! : p));
  cmp('points', points, doc.points);
  return out;
}

/** A --samples document of the theory's ensemble, or bad input naming the file and what differs. */
export function checkSamplesMatch(theory: Theory, file: string, doc: CorrelatorDocument): void {
  const diffs = ensembleDifferences(theory, doc);
  if (diffs.length > 0)
    throw new InputError(
      file,
      '',
      `correlators of the theory's ensemble (network, points, normalization) to show beside its exact values`,
      undefined,
      diffs.join('; '),
    );
}
