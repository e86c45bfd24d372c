/**
 * Correlator documents shared by the sampler (ensemble/), the exact finite-width computation (exact/)
 * and the fits (fit/): the JSON of `nnrg sample | merge | exact`, its schemas and types.
 */
export * from './schema.js';
export { checkDocument, readJson } from './check.js';
export { entryKey, entryKeys, multisets, wick, wickComponents, type EntryKey } from './wick.js';
export * from './targets.js';
