import { activation } from '../activations/index.js';
import type { NetworkSpec } from '../theory/index.js';
import type { Spectrum } from './types.js';

/**
 * The Gaussian kernel K(x, y) = A exp(-b (x - y)^2) (GaussNet, A = sigma_w^2, and cos-net, A = sigma_w^2/2,
 * at depth 1 with sigma_b = 0; b = sigma_w^2/2 for d_in = 1) under the input measure x ~ N(0, 1). Mehler's
 * formula diagonalizes it in Hermite functions (docs/gp-rg.md derives it): with a = 1/4,
 * c = sqrt(a^2 + 2 a b), A' = a + b + c, B = b/A',
 *   lambda_k = A sqrt(2a/A') B^k,   phi_k(x) = (4c)^(1/4) e^{-(c - a) x^2} h_k(sqrt(2c) x),
 * h_k = H_k/sqrt(2^k k!) the normalized physicists' Hermite polynomials, E phi_j phi_k = delta_jk.
 */
export interface HermiteModes {
  amplitude: number;
  a: number;
  b: number;
  c: number;
  /** The ratio of consecutive eigenvalues. */
  B: number;
  lambda(k: number): number;
  /** phi_0..phi_kmax at x. */
  phi(x: number, kmax: number, out?: Float64Array): Float64Array;
}

export function hermiteModes(net: NetworkSpec): HermiteModes {
  const A = activation(net.activation).gaussianAmplitude;
  if (A === undefined || net.depth !== 1 || net.sigma_b !== 0 || net.d_in !== 1) {
    throw new RangeError('hermiteModes needs a depth-1 Gaussian kernel (gauss or cos) with sigma_b = 0 and d_in = 1');
  }
  const sw2 = net.sigma_w * net.sigma_w;
  const amplitude = A * sw2;
  const a = 0.25;
  const b = sw2 / (2 * net.d_in);
  const c = Math.sqrt(a * a + 2 * a * b);
  const Ap = a + b + c;
  const B = b / Ap;
  const l0 = amplitude * Math.sqrt((2 * a) / Ap);
  const pre = Math.pow(4 * c, 0.25);
  const s = Math.sqrt(2 * c);
  return {
    amplitude,
    a,
    b,
    c,
    B,
    lambda: (k) => l0 * Math.pow(B, k),
    phi(x, kmax, out = new Float64Array(kmax + 1)) {
      const u = s * x;
      const env = pre * Math.exp(-(c - a) * x * x);
      let h2 = 0;
      let h1 = 1;
      out[0] = env;
      for (let k = 1; k <= kmax; k++) {
        const h = Math.sqrt(2 / k) * u * h1 - Math.sqrt((k - 1) / k) * h2;
        h2 = h1;
        h1 = h;
        out[k] = env * h;
      }
      return out;
    },
  };
}

/** The spectrum under x ~ N(0, 1), degrees 0..kmax (one mode each); the tail sum_{k > kmax} lambda_k is geometric. */
export function gaussianSpectrum(net: NetworkSpec, kmax: number): Spectrum {
  const m = hermiteModes(net);
  const shells = Array.from({ length: kmax + 1 }, (_, l) => ({ l, multiplicity: 1, lambda: m.lambda(l) }));
  return {
    measure: 'gaussian',
    d: net.d_in,
    shells,
    trace: m.amplitude,
    tail: m.lambda(kmax + 1) / (1 - m.B),
    tailMax: m.lambda(kmax + 1),
    nextMultiplicity: 1,
    accuracy: { lambda: 1e-15 * m.amplitude, trace: 1e-15 * m.amplitude * (kmax + 1) },
    method: 'closed form (Mehler: Hermite functions under x ~ N(0, 1))',
  };
}
