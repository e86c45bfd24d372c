/**
 * The 1PI vertices at phi = 0 of a Z2-symmetric ensemble from its connected functions (cumulants), by the
 * Legendre transform. W(J) = log E exp(J.f) (the regulated one: E over the weighted ensemble), Gamma~ its
 * Legendre transform, Gamma_k = Gamma~ - phi.R.phi/2 with R = k^2 I. At tree level W is the sum of trees of
 * vertices -Gamma^(n) joined by G = W'' (docs/regulated.md):
 *   W4 = -Gamma4,  W6 = -Gamma6 + sum_{10} Gamma4 G Gamma4,
 *   W8 = -Gamma8 + sum_{56} Gamma6 G Gamma4 - sum_{280} Gamma4 G Gamma4 G Gamma4   (external legs amputated),
 * so Gamma2 = G^-1 - R, Gamma4 = -amp W4, Gamma6 = -amp W6 + sum_10 ..., Gamma8 = -amp W8 + sum_56 ... - sum_280 ...
 * P = 1: Gamma4 = -k4/k2^4, Gamma6 = -k6/k2^6 + 10 k4^2/k2^7, Gamma8 = -k8/k2^8 + 56 k4 k6/k2^9 - 280 k4^3/k2^10.
 */
import { NumericalError } from '../numeric/index.js';
import { dense, fromDense, fromMatrix, inverseSpd, join, onAllLegs, sumOverSplits, type Matrix, type SymTensor, toMatrix } from './tensor.js';

/** The highest vertex order of the tensor relations. */
export const MAX_ORDER = 8;

/**
 * Vertices Gamma^(2), Gamma^(4), ... from the cumulants kappa_2, kappa_4, ... (same length, up to order 8), with
 * the mass regulator R = s I (s = k^2). Throws NumericalError if kappa_2 is not positive definite.
 */
export function vertices(cumulants: SymTensor[], s: number): SymTensor[] {
  const P = cumulants[0]!.P;
  if (cumulants.length * 2 > MAX_ORDER) throw new Error(`vertices: orders up to ${MAX_ORDER}`);
  const G = toMatrix(cumulants[0]!);
  const Gi = inverseSpd(G);
  if (!Gi) throw new NumericalError('the regulated covariance is not positive definite: its vertices do not exist');
  const out: SymTensor[] = [fromMatrix(Gi.map((row, a) => row.map((x, b) => (a === b ? x - s : x))))];
  const amp = (k: SymTensor) => onAllLegs(dense(k), P, k.n, Gi);
  const add = (a: SymTensor, b: SymTensor, f = 1): SymTensor => ({ P, n: a.n, values: a.values.map((x, i) => x + f * b.values[i]!) });
  const neg = (d: Float64Array, n: number): SymTensor => {
    const t = fromDense(P, n, d);
    return { P, n, values: t.values.map((x) => -x) };
  };
  let g4: Float64Array | undefined;
  let g6: Float64Array | undefined;
  for (let i = 1; i < cumulants.length; i++) {
    const n = 2 * (i + 1);
    let v = neg(amp(cumulants[i]!), n);
    if (n === 4) g4 = dense(v);
    if (n === 6) {
      v = add(v, sumOverSplits(join(g4!, 4, G, g4!, 4, P), P, [3, 3]), 0.5);
      g6 = dense(v);
    }
    if (n === 8) {
      v = add(v, sumOverSplits(join(g6!, 6, G, g4!, 4, P), P, [5, 3]));
      const chain = join(join(g4!, 4, G, g4!, 4, P), 6, G, g4!, 4, P);
      v = add(v, sumOverSplits(chain, P, [3, 2, 3]), -0.5);
    }
    out.push(v);
  }
  return out;
}

/**
 * P = 1 at any order: Gamma~'(phi) = J(phi), the inverse series of phi = W'(J) = sum kappa_{2m} J^{2m-1}/(2m-1)!,
 * so Gamma^(n) = (n-1)! [phi^(n-1)] J(phi). Returns [Gamma2, Gamma4, ...] (Gamma2 with the regulator s = k^2).
 */
export function scalarVertices(kappa: number[], s: number): number[] {
  const M = kappa.length;
  const deg = 2 * M - 1;
  // phi(J) coefficients a_j (odd j), J(phi) coefficients b_j.
  const a = new Float64Array(deg + 1);
  let f = 1;
  for (let m = 1; m <= M; m++) {
    if (m > 1) f *= (2 * m - 2) * (2 * m - 1);
    a[2 * m - 1] = kappa[m - 1]! / f; // kappa_{2m}/(2m-1)!
  }
  const b = new Float64Array(deg + 1);
  b[1] = 1 / a[1]!;
  for (let d = 3; d <= deg; d += 2) {
    // [phi^d] of phi(J(phi)) with b_d still 0 must be cancelled by a_1 b_d.
    let c = 0;
    let pow: Float64Array = Float64Array.from(b); // J^1
    for (let j = 1; j <= d; j += 2) {
      if (j > 1) pow = mulTrunc(mulTrunc(pow, b, deg), b, deg);
      c += a[j]! * pow[d]!;
    }
    b[d] = -c / a[1]!;
  }
  const out: number[] = [];
  let fact = 1; // (n-1)! for n = 2, 4, ...
  for (let m = 1; m <= M; m++) {
    const n = 2 * m;
    if (m > 1) fact *= (n - 2) * (n - 1);
    out.push(fact * b[n - 1]! - (m === 1 ? s : 0));
  }
  return out;
}

function mulTrunc(x: Float64Array, y: Float64Array, deg: number): Float64Array {
  const out = new Float64Array(deg + 1);
  for (let i = 0; i <= deg; i++) {
    if (x[i] === 0) continue;
    for (let j = 0; i + j <= deg; j++) out[i + j]! += x[i]! * y[j]!;
  }
  return out;
}

/** The regulated propagator G = (Gamma^(2) + s)^-1 of a vertex set, or undefined past a pole. */
export function propagator(gamma2: SymTensor, s: number): Matrix | undefined {
  const A = toMatrix(gamma2).map((row, a) => row.map((x, b) => (a === b ? x + s : x)));
  return inverseSpd(A);
}
