/**
 * The contract between flow/ (derivation of beta functions) and solve/ (flows, fixed points).
 * Couplings are ordered as in `couplings`; t = ln k.
 */

/** What a truncated LPA flow is: scheme, regulator, expansion point, dimension, components, order. */
export interface FlowSetting {
  scheme: 'wetterich' | 'polchinski';
  regulator: 'litim' | 'exponential' | 'kernel';
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
