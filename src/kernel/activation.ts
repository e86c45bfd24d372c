import type { ActivationName } from '../theory/index.js';

/** A symbolic formula: plain text (nerdamer-readable where possible) and KaTeX-compatible LaTeX. */
export interface Formula {
  text: string;
  latex: string;
}

/**
 * One activation g of a hidden layer: everything nnrg needs about it lives in its own file under
 * activations/. Expectations are over the layer's pre-activations (u, v) ~ N(0, [[a, c], [c, b]]).
 */
export interface Activation {
  name: ActivationName;
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
  /** 'uniform-phase': the hidden bias is b ~ U[-pi, pi] (cos-net), not N(0, sigma_b^2). */
  hiddenBias: 'gaussian' | 'uniform-phase';
  /**
   * For depth-1 translation-invariant kernels: K(x,y) - sigma_b^2 = amplitude * exp(-sigma_w^2 |x-y|^2 / (2 d_in)),
   * amplitude in units of sigma_w^2.
   */
  gaussianAmplitude?: number;
}
