/**
 * flow/: symbolic derivation of truncated LPA beta functions (the schemes of schemes/, the regulators of
 * regulators/) and their compilation into a numeric BetaSystem. See docs/derive.md for conventions.
 */
export type { BetaSystem, FlowSetting, DeriveOptions, Derivation } from './types.js';
export { deriveOptions, derive, symbolicBetas } from './derive.js';
export { thresholdEvaluator, cd, vd } from './thresholds.js';
export { couplingNames, type SymbolicBetas } from './lpa.js';
export { activeRgExponents } from './large-n.js';
export { couplingStyle } from './style.js';
