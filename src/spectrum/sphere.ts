import { gaussLegendre, NumericalError } from '../numeric/index.js';
import type { NetworkSpec } from '../theory/index.js';
import { cosineKernel, type CosineKernel } from './cosine.js';
import { gegenbauerAll, multiplicity } from './gegenbauer.js';
import type { Spectrum } from './types.js';

/**
 * Funk–Hecke eigenvalues lambda_l = c_d int_{-1}^{1} K(t) P_l(t) (1 - t^2)^((d-3)/2) dt, l = 0..lmax,
 * with M-node Gauss–Legendre in theta (t = cos theta): int_0^pi K(cos theta) P_l(cos theta) sin^(d-2) theta.
 * In theta the arc-cosine kernels (ReLU: sin theta + (pi - theta) cos theta, whose (1 -+ t)^(3/2) branch
 * points at t = +-1 stop any rule in t from converging fast) are analytic, and the sharply peaked weight
 * sin^(d-2) theta of large d is an entire function the rule resolves with M ~ d nodes. The weights are
 * normalized to sum 1, which is c_d on the discrete level (lambda_0 of a constant is exact).
 */
export function funkHecke(K: (t: number) => number, d: number, lmax: number, M: number): Float64Array {
  const gl = gaussLegendre(M);
  const lambda = new Float64Array(lmax + 1);
  const P = new Float64Array(lmax + 1);
  let norm = 0;
  for (let i = 0; i < M; i++) {
    const theta = (Math.PI / 2) * (1 + gl.x[i]!);
    const w = gl.w[i]! * Math.sin(theta) ** (d - 2);
    if (w === 0) continue;
    norm += w;
    const t = Math.cos(theta);
    const wk = w * K(t);
    gegenbauerAll(d, lmax, t, P);
    for (let l = 0; l <= lmax; l++) lambda[l]! += wk * P[l]!;
  }
  for (let l = 0; l <= lmax; l++) lambda[l]! /= norm;
  return lambda;
}

/** Largest Gauss–Legendre rule tried before giving up. */
const MAX_NODES = 16384;

/**
 * The spectrum of a network's kernel for inputs uniform on the sphere of radius sqrt(d_in) (d_in >= 2),
 * degrees 0..lmax. The rule doubles until no eigenvalue moves by more than 1e-13 K(1) (the estimate of
 * the error reported); the trace identity sum_l N_l lambda_l = K(1) then gives the weight of the degrees
 * beyond lmax, `tail`, without computing them.
 */
export function sphereSpectrum(net: NetworkSpec, lmax: number, kernel: CosineKernel = cosineKernel(net)): Spectrum {
  const d = net.d_in;
  if (d < 2) throw new RangeError('sphereSpectrum needs d_in >= 2');
  const K1 = kernel.value(1);
  let M = 64 * Math.ceil((lmax + d + 48) / 64);
  let lambda = funkHecke(kernel.value, d, lmax, M);
  let change = Infinity;
  let traceChange = Infinity;
  while (M < MAX_NODES) {
    const finer = funkHecke(kernel.value, d, lmax, 2 * M);
    change = 0;
    traceChange = 0;
    for (let l = 0; l <= lmax; l++) {
      const dl = Math.abs(finer[l]! - lambda[l]!);
      change = Math.max(change, dl);
      traceChange += multiplicity(d, l) * dl;
    }
    lambda = finer;
    M *= 2;
    if (change <= 1e-13 * Math.abs(K1)) break;
  }
  if (!(change <= 1e-13 * Math.abs(K1))) {
    throw new NumericalError(
      `Funk–Hecke quadrature of the ${net.activation} kernel in d_in = ${d} did not converge: eigenvalues still move by ${change} at ${M} nodes`,
    );
  }
  // A PSD kernel has lambda_l >= 0 (Schoenberg); vanishing ones come out at the rounding floor, either sign.
  const floor = Math.max(1e-14 * Math.abs(K1), 10 * change);
  const negative = lambda.findIndex((v) => v < -floor);
  if (negative >= 0) throw new NumericalError(`the ${net.activation} kernel has a negative eigenvalue lambda_${negative} = ${lambda[negative]} on the sphere`);
  const shells = Array.from(lambda, (v, l) => ({ l, multiplicity: multiplicity(d, l), lambda: Math.max(0, v) }));
  const accuracy = { lambda: Math.max(change, kernel.accuracy), trace: traceChange + kernel.accuracy * shells.length };
  let captured = 0;
  for (const s of shells) captured += s.multiplicity * s.lambda;
  let tail = K1 - captured;
  // Rounding can leave a tiny negative remainder (e.g. the linear kernel, captured exactly by l <= 1).
  const slack = accuracy.trace + 1e-14 * Math.abs(K1) * (lmax + 1);
  if (tail < -slack) throw new NumericalError(`trace identity violated: sum_l N_l lambda_l exceeds K(1) by ${-tail} (tolerance ${slack})`);
  tail = Math.max(0, tail);
  const nextMultiplicity = multiplicity(d, lmax + 1);
  return {
    measure: 'sphere',
    d,
    shells,
    trace: K1,
    tail,
    tailMax: tail / nextMultiplicity,
    nextMultiplicity,
    accuracy,
    method: `Funk–Hecke, Gauss–Legendre in theta = arccos t (${M} nodes, converged by doubling); K(t) ${kernel.method}`,
  };
}
