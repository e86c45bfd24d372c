/**
 * flow/: symbolic derivation of truncated LPA beta functions (Wetterich, Polchinski) and their
 * compilation into a numeric BetaSystem. See docs/derive.md for conventions.
 */
import type { BetaSystem, FlowSetting } from './types.js';
export type { BetaSystem, FlowSetting } from './types.js';

export interface DeriveOptions extends FlowSetting {
  /** false = dimensionful form (no canonical scaling terms, explicit k). */
  dimensionless: boolean;
  /** Set for NN-QFT theories: the network the field theory comes from (large-N statement, normalization). */
  network?: { activation: string; d_in: number; d_out: number };
}

export interface Derivation {
  options: DeriveOptions;
  /** m2,u4,u6,... (expand zero) or kappa,l2,l3,... (expand minimum). */
  couplings: string[];
  /** d and N kept symbolic in text/latex. */
  betas: Record<string, { text: string; latex: string }>;
  /** Numeric, d and N substituted. */
  system: BetaSystem;
  /** Which field normalization the couplings refer to. */
  normalization: string;
  /** e.g. Polchinski truncations converge badly. */
  warnings: string[];
  largeN?: { text: string; latex: string; exponents: { u4: number; u6: number }; normalization: 'kk' };
}

export { deriveOptions, derive, symbolicBetas } from './derive.js';
export { REGULATORS, thresholdEvaluator, cd, vd, type Regulator } from './regulators/index.js';
export { couplingNames, type SymbolicBetas } from './lpa.js';
export { activeRgExponents } from './large-n.js';
export { couplingStyle } from './style.js';
