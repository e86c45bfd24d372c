export { loadTheory, parseTheory, DEFAULT_POINTS, type Override } from './load.js';
export { InputError, alternatives } from './errors.js';
export { NORMALIZATIONS, type Normalization } from './schema.js';
export type { Theory, NetworkSpec, FieldTheorySpec, EnsembleSpec, FlowSpec, FixedPointsSpec, Point } from './types.js';
export { LIMITS, MAX_TEXT_CHARS, type Limit } from './limits.js';
