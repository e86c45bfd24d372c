export { loadTheory, parseTheory, DEFAULT_POINTS, type Override } from './load.js';
export { InputError } from './errors.js';
export type { Theory, NetworkSpec, FieldTheorySpec, EnsembleSpec, FlowSpec, FixedPointsSpec, Point } from './types.js';
