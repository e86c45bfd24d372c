import type { RegulatorName } from '../regulators/index.js';
import type { SchemeName } from '../schemes/index.js';

/**
 * The contract between flow/ (derivation of beta functions) and solve/ (flows, fixed points).
 * Couplings are ordered as in `couplings`; t = ln k.
 */

/** What a truncated LPA flow is: scheme, regulator, expansion point, dimension, components, order. */
export interface FlowSetting {
  scheme: SchemeName;
  regulator: RegulatorName;
  expand: 'zero' | 'minimum';
  /** Dimension d and number of field components N. */
  d: number;
  N: number;
  /** Truncation order 2n (highest power of phi). */
  order: number;
}

export interface BetaSystem extends FlowSetting {
  /** Coupling names: m2, u4, u6, ... (expand zero) or kappa, l2, l3, ... (expand minimum). */
  couplings: string[];
  /** Whether couplings are dimensionless (canonical scaling terms included). */
  dimensionless: boolean;
  /** d g_i / dt. */
  beta(g: number[]): number[];
  /** Exact Jacobian M_ij = d beta_i / d g_j. */
  jacobian(g: number[]): number[][];
  /**
   * Distance to the nearest pole of a threshold function (e.g. 1 + m2 for Litim at phi = 0;
   * the smallest denominator over the field components): a flow stops when it reaches 0.
   */
  poleDistance(g: number[]): number;
}

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
