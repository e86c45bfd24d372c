import { activation, uniformPhase } from '../activations/index.js';
import { networkKernel } from '../kernel/index.js';
import { NumericalError } from '../numeric/index.js';
import type { NetworkSpec } from '../theory/index.js';

/**
 * The network kernel as a function of the dot products (x.x, y.y, x.y): the layer recursion of
 * src/kernel on two points, on scalars (no matrices), for activations whose pair expectation is in
 * closed form; null otherwise. It is what GP regression evaluates n^2 times.
 */
export function dotProductKernel(net: NetworkSpec): ((xx: number, yy: number, xy: number) => number) | null {
  const act = activation(net.activation);
  const pair = act.pairExpectation;
  if (!pair) return null;
  const sw2 = net.sigma_w * net.sigma_w;
  const sb2 = net.sigma_b * net.sigma_b;
  const hb = uniformPhase(act.hiddenBias) ? 0 : sb2;
  const s = sw2 / net.d_in;
  return (xx, yy, xy) => {
    let a = hb + s * xx;
    let b = hb + s * yy;
    let c = hb + s * xy;
    for (let layer = 2; layer <= net.depth; layer++) {
      const ea = pair(a, a, a);
      const eb = pair(b, b, b);
      const ec = pair(a, b, c);
      a = hb + sw2 * ea;
      b = hb + sw2 * eb;
      c = hb + sw2 * ec;
    }
    return sb2 + sw2 * pair(a, b, c);
  };
}

/** K(x, y) for |x|^2 = |y|^2 = d_in (d_in >= 2) as a function of the cosine t = x.y/d_in. */
export interface CosineKernel {
  value(t: number): number;
  /** 'closed form' (the layer recursion on scalars) or 'interpolated' (Chebyshev interpolant of the quadrature kernel). */
  method: 'closed form' | 'interpolated';
  /** Estimated absolute accuracy of value() (rounding for closed forms; the interpolation error otherwise). */
  accuracy: number;
}

/** Two points on the sphere of radius sqrt(d_in) with cosine t (d_in >= 2). */
function pointsAt(d: number, t: number): [number[], number[]] {
  const r = Math.sqrt(d);
  const x = new Array<number>(d).fill(0);
  const y = new Array<number>(d).fill(0);
  x[0] = r;
  y[0] = r * t;
  y[1] = r * Math.sqrt(Math.max(0, 1 - t * t));
  return [x, y];
}

/**
 * The kernel on the sphere as a function of the cosine. Closed-form activations: exact. The others
 * (E[g g] by 2-d quadrature, ~1e-13): src/kernel's networkKernel at two points with cosine t, on
 * Chebyshev–Lobatto nodes t_j = cos(j pi/M), and barycentric interpolation between them; M doubles until
 * the interpolant of M nodes predicts the new nodes of 2M to 1e-12 K(1) (these kernels are analytic in t).
 */
export function cosineKernel(net: NetworkSpec): CosineKernel {
  const d = net.d_in;
  const direct = dotProductKernel(net);
  if (direct) return { value: (t) => direct(d, d, d * t), method: 'closed form', accuracy: 1e-15 * Math.abs(direct(d, d, d)) };
  const kernel = networkKernel(net);
  const at = (t: number) => {
    const [x, y] = pointsAt(d, t);
    return kernel.value(x, y);
  };
  let M = 16;
  let nodes = lobatto(M);
  let values = nodes.map(at);
  for (;;) {
    const finer = lobatto(2 * M);
    const fresh = new Map<number, number>();
    let err = 0;
    for (let j = 1; j < 2 * M; j += 2) {
      const v = at(finer[j]!);
      fresh.set(j, v);
      err = Math.max(err, Math.abs(v - barycentric(nodes, values, finer[j]!)));
    }
    const merged = finer.map((_, j) => (j % 2 === 0 ? values[j / 2]! : fresh.get(j)!));
    const scale = Math.abs(values[0]!);
    if (err <= 1e-12 * scale) {
      const n = finer;
      const v = merged;
      return { value: (t) => barycentric(n, v, t), method: 'interpolated', accuracy: Math.max(err, 1e-13 * scale) };
    }
    if (2 * M >= 2048) throw new NumericalError(`interpolating the ${net.activation} kernel in the cosine did not converge (error ${err} at ${2 * M} nodes)`);
    M *= 2;
    nodes = finer;
    values = merged;
  }
}

function lobatto(M: number): number[] {
  return Array.from({ length: M + 1 }, (_, j) => Math.cos((j * Math.PI) / M));
}

/** Barycentric interpolation on Chebyshev–Lobatto nodes (weights (-1)^j, halved at the ends). */
function barycentric(nodes: number[], values: number[], t: number): number {
  let num = 0;
  let den = 0;
  const M = nodes.length - 1;
  for (let j = 0; j <= M; j++) {
    const diff = t - nodes[j]!;
    if (diff === 0) return values[j]!;
    const w = (j % 2 === 0 ? 1 : -1) * (j === 0 || j === M ? 0.5 : 1);
    const q = w / diff;
    num += q * values[j]!;
    den += q;
  }
  return num / den;
}
