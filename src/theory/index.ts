export { hiddenWidths, loadTheory, parseTheory, DEFAULT_POINTS, type Override } from './load.js';
export { InputError, alternatives } from './errors.js';
export {
  ESTIMATORS,
  MEASURES,
  NORMALIZATIONS,
  type Estimator,
  type Normalization,
  BRG_MEASURES,
  BRG_TARGETS,
  BRG_SCHEMES,
  FISHER_KINDS,
  brgDataDefaults,
} from './schema.js';
export type {
  Theory,
  DataSpec,
  NetworkSpec,
  FieldTheorySpec,
  EnsembleSpec,
  FlowSpec,
  FixedPointsSpec,
  Point,
  BrgDataSpec,
  BrgSpec,
  CosnetSpec,
} from './types.js';
export { LIMITS, MAX_TEXT_CHARS, type Limit } from './limits.js';
