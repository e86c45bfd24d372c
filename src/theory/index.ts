export { loadTheory, parseTheory, DEFAULT_POINTS, type Override } from './load.js';
export { InputError, alternatives } from './errors.js';
export { ESTIMATORS, NORMALIZATIONS, type Estimator, type Normalization } from './schema.js';
export type { Theory, NetworkSpec, FieldTheorySpec, EnsembleSpec, FlowSpec, FixedPointsSpec, Point } from './types.js';
