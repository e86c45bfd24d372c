import type { NetworkSpec, Point } from '../theory/index.js';
import { activation, type Activation } from '../activations/index.js';
import { normalRule, type Rule } from '../numeric/index.js';

/**
 * E[g(u) g(v)] for (u, v) ~ N(0, [[a, c], [c, b]]): the activation's closed form when it has one,
 * else a 2-d quadrature u = sqrt(a) z1, v = sqrt(b) (rho z1 + sqrt(1 - rho^2) z2), split at kinks, with
 * `rule(breaks)` for E[f(z)] (default numeric's normalRule, 1e-13; brg passes a coarser one).
 */
export function pairExpectation(
  act: Activation,
  a: number,
  b: number,
  c: number,
  forceQuadrature = false,
  rule: (breaks: number[]) => Rule = normalRule,
): number {
  if (act.pairExpectation && !forceQuadrature) return act.pairExpectation(a, b, c);
  const sa = Math.sqrt(a);
  const sb = Math.sqrt(b);
  const rho = sa * sb > 0 ? Math.max(-1, Math.min(1, c / (sa * sb))) : 0;
  const sr = Math.sqrt(Math.max(0, 1 - rho * rho));
  const outer = rule(act.kinks.map((k) => k / sa));
  let total = 0;
  for (let i = 0; i < outer.x.length; i++) {
    const z1 = outer.x[i]!;
    const gu = act.g(sa * z1, a);
    if (gu === 0) continue;
    const shift = sb * rho * z1;
    if (sr === 0 || sb === 0) {
      total += outer.w[i]! * gu * act.g(shift, b);
      continue;
    }
    const inner = rule(act.kinks.map((k) => (k - shift) / (sb * sr)));
    let s = 0;
    for (let j = 0; j < inner.x.length; j++) s += inner.w[j]! * act.g(shift + sb * sr * inner.x[j]!, b);
    total += outer.w[i]! * gu * s;
  }
  return total;
}

/** Symmetric matrix as an array of rows. */
export type Matrix = number[][];

function dot(x: Point, y: Point): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i]! * y[i]!;
  return s;
}

/**
 * Covariances of a network's layers on the given points. `preactivations[l]` is the covariance of
 * layer l+1's pre-activations (bias-free for uniform-phase cos-nets); `output` is the GP kernel of f.
 */
export interface LayerCovariances {
  preactivations: Matrix[];
  output: Matrix;
}

export function layerCovariances(net: NetworkSpec, points: Point[], forceQuadrature = false): LayerCovariances {
  const act = activation(net.activation);
  const sw2 = net.sigma_w * net.sigma_w;
  const sb2 = net.sigma_b * net.sigma_b;
  const hiddenBias = act.hiddenBias === 'gaussian' ? sb2 : 0;
  const n = points.length;
  const square = (f: (i: number, j: number) => number): Matrix => {
    const m: Matrix = Array.from({ length: n }, () => new Array<number>(n).fill(0));
    for (let i = 0; i < n; i++) for (let j = 0; j <= i; j++) m[i]![j] = m[j]![i] = f(i, j);
    return m;
  };
  // Layer 1: W0 ~ N(0, sigma_w^2/d_in), so Sigma(x,y) = b + sigma_w^2 x.y/d_in.
  let sigma = square((i, j) => hiddenBias + (sw2 * dot(points[i]!, points[j]!)) / net.d_in);
  const preactivations = [sigma];
  const expect = (s: Matrix) => square((i, j) => pairExpectation(act, s[i]![i]!, s[j]![j]!, s[i]![j]!, forceQuadrature));
  for (let layer = 2; layer <= net.depth; layer++) {
    const e = expect(sigma);
    sigma = square((i, j) => hiddenBias + sw2 * e[i]![j]!);
    preactivations.push(sigma);
  }
  const e = expect(sigma);
  return { preactivations, output: square((i, j) => sb2 + sw2 * e[i]![j]!) };
}
