import type { BrgDataSpec, CosnetSpec } from '../theory/index.js';
import { drawPoint, stream } from './data.js';
import { cosnetAmplitude2, cosnetModel, type FeatureModel } from './models.js';
import { eigenDirections } from './posterior.js';
import { shellPropagator } from './propagator.js';
import { meanStderr, weightedSlope } from './stats.js';
import type { Estimate, FisherKind } from './types.js';

/**
 * The cos-net as a free scalar (docs/brg.md): a neuron with momentum p has, on n data points spread over
 * many wavelengths, Fisher information I(p) = n A^2 / (2 sigma^2 (p^2 + m^2)), decreasing in |p|: the
 * information cutoff Lambda keeps exactly the modes |p| < k(Lambda), k^2 = n A^2/(2 sigma^2 Lambda) - m^2,
 * and the coarse-grained (marginalized) prior ensemble has the 2-point function G_k(r).
 */
export interface CosnetPoint {
  k: number;
  Lambda: number;
  r: number;
  /** The coarse-grained ensemble's E[f(0) f(r e_1)] (mean over networks; the last layer averaged exactly). */
  sampled: number;
  stderr: number | null;
  /** G_k(r) computed independently of the samples. */
  closed: number;
  method: 'closed form' | 'quadrature';
}

/** At the cutoff Lambda(k): how well the information cut matches the momentum cut. */
export interface CosnetShell {
  k: number;
  Lambda: number;
  /** Overlap of the kept directions with the modes |p| < k: tr(P_Lambda P_k) / max(rank P_Lambda, rank P_k); 1 when equal. */
  agreement: Estimate;
  /** Mean |p|^2 of the directions whose information lies within 10% of Lambda (momentum content for eigendirections). */
  p2: Estimate;
}

export interface MassRow {
  k: number;
  /** m^2 from the sampled G_k(0) (inverting the closed form), with its error from the error of G_k(0). */
  m2: Estimate | null;
  /** m^2/k^2 measured, and the prediction with the theory's m. */
  m2_over_k2: Estimate | null;
  predicted: number;
}

export interface CosnetResult {
  m: number;
  R: number;
  d: number;
  width: number;
  nets: number;
  n: number;
  sigma2: number;
  measure: BrgDataSpec['measure'];
  fisher: FisherKind;
  /** A^2 = 2 Vol(B_R)/((2 pi)^d N). */
  A2: number;
  /** n A^2 / (2 sigma^2): Lambda(k) = information_scale / (k^2 + m^2). */
  information_scale: number;
  shells: CosnetShell[];
  points: CosnetPoint[];
  /** The dimensionless mass m^2/k^2 as the cutoff is lowered (from the sampled G_k(0); needs r = 0). */
  mass_flow: MassRow[];
  /** d ln(m^2/k^2) / d ln(1/k) fitted over the rows (the relevant eigenvalue, 2 for a free scalar). */
  eigenvalue: Estimate | null;
}

/** The bag of the check's networks in their stream: -1, never a data set's index (the trained networks of bag s). */
const CHECK_BAG = -1;

/** The momentum cutoffs compared by default: 0.3 R, 0.5 R, 0.7 R and 0.9 R (at k = R the noise of the information drops modes with no neighbours beyond R to replace them). */
export const defaultMomenta = (R: number) => [0.3 * R, 0.5 * R, 0.7 * R, 0.9 * R];

/** m with G_k(0; m) = G (G_k(0) decreases in m), by bisection in log m; null when G is out of range. */
export function massFromPropagator(d: number, k: number, G: number): number | null {
  const at = (m: number) => shellPropagator(d, m, k, 0).value;
  let lo = 1e-8 * k;
  let hi = 1e8 * k;
  if (!(G < at(lo) && G > at(hi))) return null;
  for (let i = 0; i < 200 && hi / lo > 1 + 1e-13; i++) {
    const mid = Math.sqrt(lo * hi);
    if (at(mid) > G) lo = mid;
    else hi = mid;
  }
  return Math.sqrt(lo * hi);
}

/** What one network of the check contributes: per k its coarse-grained E[f(0) f(r e_1)] for each r, the overlap, and <p^2> at Lambda(k) (null: no direction there). */
export interface CosnetNetwork {
  values: number[][];
  agreement: number[];
  p2: (number | null)[];
}

/** The check's constants: A^2, the information scale, the cutoffs k and Lambda(k), the probes 0 and r e_1. */
function cosnetSetup(spec: CosnetSpec, data: BrgDataSpec) {
  const { d, m, R } = spec;
  const A2 = cosnetAmplitude2(spec, spec.width);
  const scale = (spec.n * A2) / (2 * data.ridge);
  const ks = spec.k ?? defaultMomenta(R);
  const Lambdas = ks.map((k) => scale / (k * k + m * m));
  const probe = [new Array<number>(d).fill(0), ...spec.r.map((r) => Array.from({ length: d }, (_, i) => (i === 0 ? r : 0)))];
  return { A2, scale, ks, Lambdas, probe };
}

/** One model (one WebAssembly instance) per spec in this thread. */
const models = new WeakMap<CosnetSpec, FeatureModel>();

/**
 * Network `net` of the check: drawn by the WebAssembly kernel (bag CHECK_BAG of the stream cosnet.seed), its Fisher
 * metric on its own cosnet.n points (a TypeScript stream of their own), its coarse graining at every k.
 */
export function cosnetNetwork(spec: CosnetSpec, data: BrgDataSpec, kind: FisherKind, net: number): CosnetNetwork {
  const { d } = spec;
  const N = spec.width;
  const sigma2 = data.ridge;
  const { ks, Lambdas, probe } = cosnetSetup(spec, data);
  let model = models.get(spec);
  if (!model) models.set(spec, (model = cosnetModel(spec, N)));
  const sampledNet = model.draw(spec.seed, CHECK_BAG, net);
  const rng = stream(spec.seed, 'cosnet', net);
  const p2i = sampledNet.momentum2!;
  const X = Array.from({ length: spec.n }, () => drawPoint(data.measure, d, rng).map((v) => spec.spread * v));
  const psi = sampledNet.features(probe); // psi[0] at the origin, psi[1 + j] at r_j e_1
  // Each direction: its information, its values at the probes, its momentum content, and (per k) its weight on |p| < k.
  let info: Float64Array;
  let atProbe: (alpha: number, q: number) => number;
  let pContent: (alpha: number) => number;
  let inside: (alpha: number, k: number) => number;
  if (kind === 'diagonal') {
    info = new Float64Array(N);
    const h = sampledNet.drawn.features(X);
    for (let x = 0; x < X.length; x++) for (let i = 0; i < N; i++) info[i]! += h[x * N + i]! ** 2;
    for (let i = 0; i < N; i++) info[i]! /= sigma2;
    atProbe = (i, q) => psi[q]![i]!;
    pContent = (i) => p2i[i]!;
    inside = (i, k) => (p2i[i]! < k * k ? 1 : 0);
  } else {
    const { g, V } = eigenDirections(sampledNet.features(X), N);
    info = Float64Array.from(g, (v) => v / sigma2);
    const proj = V.map((v) => psi.map((row) => row.reduce((s, x, i) => s + x * v[i]!, 0)));
    atProbe = (alpha, q) => proj[alpha]![q]!;
    pContent = (alpha) => V[alpha]!.reduce((s, x, i) => s + x * x * p2i[i]!, 0);
    inside = (alpha, k) => V[alpha]!.reduce((s, x, i) => s + (p2i[i]! < k * k ? x * x : 0), 0);
  }
  const out: CosnetNetwork = { values: [], agreement: [], p2: [] };
  ks.forEach((k, ki) => {
    const L = Lambdas[ki]!;
    const modes = p2i.reduce((c, q) => c + (q < k * k ? 1 : 0), 0);
    let kept = 0;
    let overlap = 0;
    let bandSum = 0;
    let bandCount = 0;
    const values = spec.r.map(() => 0);
    for (let alpha = 0; alpha < info.length; alpha++) {
      const I = info[alpha]!;
      if (I >= L / 1.1 && I <= L * 1.1) {
        bandSum += pContent(alpha);
        bandCount++;
      }
      if (I < L) continue;
      kept++;
      overlap += inside(alpha, k);
      const at0 = atProbe(alpha, 0);
      spec.r.forEach((_, ri) => (values[ri]! += at0 * atProbe(alpha, ri + 1)));
    }
    out.values.push(values);
    out.agreement.push(Math.max(kept, modes) > 0 ? overlap / Math.max(kept, modes) : 1);
    out.p2.push(bandCount > 0 ? bandSum / bandCount : null);
  });
  return out;
}

/** The check's result from its networks' contributions (in network order). */
export function cosnetResult(spec: CosnetSpec, data: BrgDataSpec, kind: FisherKind, nets: CosnetNetwork[]): CosnetResult {
  const { d, m, R } = spec;
  const N = spec.width;
  const sigma2 = data.ridge;
  const { A2, scale, ks, Lambdas } = cosnetSetup(spec, data);
  const sampled = ks.map((_, ki) => spec.r.map((_, ri) => nets.map((n) => n.values[ki]![ri]!)));
  const agreement = ks.map((_, ki) => nets.map((n) => n.agreement[ki]!));
  const p2 = ks.map((_, ki) => nets.flatMap((n) => (n.p2[ki] === null ? [] : [n.p2[ki]!])));
  const points: CosnetPoint[] = [];
  ks.forEach((k, ki) =>
    spec.r.forEach((r, ri) => {
      const est = meanStderr(sampled[ki]![ri]!);
      const closed = shellPropagator(d, m, k, r);
      points.push({ k, Lambda: Lambdas[ki]!, r, sampled: est.mean, stderr: est.stderr, closed: closed.value, method: closed.method });
    }),
  );
  const shells = ks.map((k, ki) => ({ k, Lambda: Lambdas[ki]!, agreement: meanStderr(agreement[ki]!), p2: meanStderr(p2[ki]!) }));
  const r0 = spec.r.indexOf(0);
  const massFlow: MassRow[] = ks.map((k, ki) => {
    const predicted = (m * m) / (k * k);
    if (r0 < 0) return { k, m2: null, m2_over_k2: null, predicted };
    const G = meanStderr(sampled[ki]![r0]!);
    const mm = massFromPropagator(d, k, G.mean);
    if (mm === null) return { k, m2: null, m2_over_k2: null, predicted };
    // dG/d(m^2) by a central difference, for the delta-method error of m^2.
    const h = 1e-4 * mm * mm;
    const slope = (shellPropagator(d, Math.sqrt(mm * mm + h), k, 0).value - shellPropagator(d, Math.sqrt(Math.max(mm * mm - h, 0)), k, 0).value) / (2 * h);
    const err = G.stderr === null ? null : G.stderr / Math.abs(slope);
    return {
      k,
      m2: { mean: mm * mm, stderr: err },
      m2_over_k2: { mean: (mm * mm) / (k * k), stderr: err === null ? null : err / (k * k) },
      predicted,
    };
  });
  const fit = massFlow.filter((row) => row.m2 && row.m2.stderr !== null && row.m2.stderr > 0 && row.m2.mean > 0);
  const eigenvalue =
    fit.length >= 2
      ? weightedSlope(
          fit.map((row) => -Math.log(row.k)),
          fit.map((row) => Math.log(row.m2_over_k2!.mean)),
          fit.map((row) => row.m2!.stderr! / row.m2!.mean),
        )
      : null;
  return {
    m,
    R,
    d,
    width: N,
    nets: spec.nets,
    n: spec.n,
    sigma2,
    measure: data.measure,
    fisher: kind,
    A2,
    information_scale: scale,
    shells,
    points,
    mass_flow: massFlow,
    eigenvalue,
  };
}
