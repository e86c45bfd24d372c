/** A symbolic formula: plain text (nerdamer-readable where possible) and KaTeX-compatible LaTeX. */
export interface Formula {
  text: string;
  latex: string;
}

/** How the hidden bias b0 is drawn: N(0, sigma_b^2), or the uniform phase b0 ~ U[-pi, pi] of cos-nets. */
export type HiddenBias = 'gaussian' | 'uniform-phase';

/** Whether b0 is the uniform phase (an exhaustive switch: a new kind must say how it is drawn). */
export function uniformPhase(kind: HiddenBias): boolean {
  switch (kind) {
    case 'gaussian':
      return false;
    case 'uniform-phase':
      return true;
  }
}

/** The WebAssembly sampler's view (src/ensemble/wasm/sampler.ts): it computes g(z) as fn_id(z - (subtractVariance ? Var z : 0)). */
export interface SamplerView {
  /** The case of `activate` in src/ensemble/wasm/sampler.ts that evaluates this activation. */
  readonly id: number;
  /** GaussNet's normalization: the sampler subtracts the pre-activation variance before calling its exp. */
  readonly subtractVariance: boolean;
}

/**
 * Closed-form one-neuron moments M(c) = E[prod_p g(z_p)^{c_p}] (exact/), for each monomial c (a count per
 * point), given the covariance S of the pre-activations' Gaussian part (without b0 for a uniform-phase bias).
 */
export interface ClosedFormMoments {
  values(S: number[][], monomials: readonly ArrayLike<number>[]): number[];
  /** How they were computed and their relative accuracy, as statements for users. */
  method: string;
  accuracy: string;
  /** The same relative accuracy as a number (exact/ propagates it to the connected functions). */
  error: number;
}

/**
 * One activation g of a hidden layer with every view nnrg has of it: one record per file in src/activations/,
 * listed in src/activations/index.ts. Expectations are over the layer's pre-activations
 * (u, v) ~ N(0, [[a, c], [c, b]]).
 */
export interface Activation<N extends string = string, S extends SamplerView | null = SamplerView | null> {
  name: N;
  /** g(z) for a pre-activation z of variance `variance` (GaussNet normalizes by it). */
  g(z: number, variance: number): number;
  /** The formula of g, as a function of z (and the pre-activation variance V where used). */
  formula: Formula;
  /** Where g is not smooth: quadrature splits its panels there. */
  kinks: number[];
  /** E[g(u) g(v)] in closed form, when one is known; otherwise nnrg uses quadrature. */
  pairExpectation?: (a: number, b: number, c: number) => number;
  /** The closed form of E[g(u) g(v)] in terms of Sigma(x,y) (text/LaTeX), with the closed form above. */
  pairFormula?: Formula;
  hiddenBias: HiddenBias;
  /**
   * For depth-1 translation-invariant kernels: K(x,y) - sigma_b^2 = amplitude * exp(-sigma_w^2 |x-y|^2 / (2 d_in)),
   * amplitude in units of sigma_w^2.
   */
  gaussianAmplitude?: number;
  /** How the WebAssembly sampler evaluates g; null when it cannot sample this activation. */
  sampler: S;
  /** Closed-form one-neuron moments, when known; otherwise exact/ uses quadrature over (W0, b0). */
  moments?: ClosedFormMoments;
}

/** A record, checked: the quadratures assume a Gaussian bias, so a uniform-phase one needs both closed forms. */
export function defineActivation<const N extends string, const S extends SamplerView | null>(record: Activation<N, S>): Activation<N, S> {
  if (record.hiddenBias === 'uniform-phase' && (!record.pairExpectation || !record.moments)) {
    throw new Error(`activation ${record.name}: a uniform-phase hidden bias needs a closed-form pairExpectation and moments`);
  }
  return record;
}
