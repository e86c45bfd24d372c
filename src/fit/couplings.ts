/**
 * Couplings of the effective action Gamma = Gamma_0[K] + u4/4! int f^4 + u6/6! int f^6 from correlators.
 *
 * Tree level with propagator K_W = K - sigma_b^2 (e^{-Gamma} expanded to first order in u6, second in u4):
 *   G4c(x1..x4) = -u4 I4(x1..x4),                 I_n = int d^dx prod_i K_W(x, x_i),
 *   G6c(x1..x6) = -u6 I6(x1..x6) + u4^2 sum_{10 splits {A,B}, |A|=|B|=3} E(A, B),
 *   E(A, B)    = int d^dx d^dy prod_{a in A} K_W(x, x_a) K_W(x, y) prod_{b in B} K_W(y, x_b).
 * (Two vertices (u4/4!)^2 / 2!: 2 ways to place A, 4.3.2 leg choices at each vertex: weight 1 per split.)
 * G4c = Delta G4; G6c = Delta G6 - sum_{15 (4,2) splits} G4c K (the full K: f's 2-point cumulant).
 * So u4 = -Delta G4 / I4 and u6 = -(G6c - u4^2 sum E) / I6, with u4 the mean u4 (a constant coupling).
 *
 * Gaussian K_W = A e^{-a |x-y|^2} (GaussNet, cos-net): with xbar the mean of the n points,
 *   I_n = A^n (pi / (n a))^{d/2} exp(-a sum_i |x_i - xbar|^2),
 *   E   = A^7 (pi / (a sqrt 15))^d exp(a sum_coords [(4 sA^2 + 2 sA sB + 4 sB^2)/15 - sum_A x^2 - sum_B x^2]),
 * sA, sB the coordinate sums over A and B (the 2d-dim Gaussian with matrix a [[4,-1],[-1,4]]).
 * Otherwise the integrals diverge and are cut off to the box [-cutoff, cutoff]^d and done by Gauss–Legendre
 * panels, doubled until they agree to 1e-10 relative.
 *
 * d_out >= 2 outputs: the O(d_out) theory with the (phi.phi)^2 and (phi.phi)^3 couplings of `derive`
 * (V = u4 (phi.phi)^2/4! + u6 (phi.phi)^3/6!), whose vertices are (u4/3) T_abcd, T = delta_ab delta_cd + 2 perms,
 * and (u6/15) sum_15 delta delta delta. On an entry with components a:
 *   G4c = -(u4/3) n4(a) I4,   G6c = -(u6/15) n6(a) I6 + (u4^2/9) sum_{splits} n_x(A, B; a) E(A, B),
 * n4, n6 the pairings of the factors that pair equal components (3 and 15 for one component), n_x the 9
 * exchange pairings (a pair inside A, one inside B, one across) that do. Entries with n = 0 vanish identically
 * and carry no coupling. With one component these are the d_out = 1 formulas.
 *
 * Normalization "kk": the field phi with <phi phi> = K_k, f = (C k^{4-d})^{1/2} phi, k^2 = 2 sigma_w^2/d,
 * C = A_rel d / (2 pi^{d/2}) (A_rel = K_W(0)/sigma_w^2): u4_kk = C^2 k^{8-2d} u4, u6_kk = C^3 k^{12-3d} u6.
 */
import { entryKey, multisets, type CorrelatorDocument, type CorrelatorEntry, type CouplingEstimate, type Couplings } from '../correlators/index.js';
import { ACTIVATIONS, activation } from '../activations/index.js';
import { networkKernel } from '../kernel/index.js';
import { InputError, LIMITS, type NetworkSpec, type Normalization, type Point, type Theory } from '../theory/index.js';
import { gaussLegendre, NumericalError, requireFinite } from '../numeric/index.js';

export type { Normalization };

export interface CouplingOptions {
  /** Box half-width for non-Gaussian kernels (the papers' cutoff); default the theory's ensemble.cutoff, else 1. */
  cutoff?: number;
  /** The theory file, for messages. */
  file?: string;
}

/** The integrals I_n and exchange terms E on a fixed set of points. */
export interface KernelIntegrals {
  /** I_n for a multiset of point indices. */
  I(idx: number[]): number;
  /** E(A, B) for two 3-multisets, or undefined when not available. */
  E?(A: number[], B: number[]): number;
  method: string;
}

function gaussianIntegrals(net: NetworkSpec, points: Point[], amp: number): KernelIntegrals {
  const d = net.d_in;
  const A = amp * net.sigma_w ** 2;
  const a = net.sigma_w ** 2 / (2 * d);
  return {
    I(idx) {
      const n = idx.length;
      let spread = 0;
      for (let k = 0; k < d; k++) {
        const xs = idx.map((i) => points[i]![k]!);
        const mean = xs.reduce((s, v) => s + v, 0) / n;
        spread += xs.reduce((s, v) => s + (v - mean) ** 2, 0);
      }
      return A ** n * Math.pow(Math.PI / (n * a), d / 2) * Math.exp(-a * spread);
    },
    E(Aidx, Bidx) {
      let q = 0;
      for (let k = 0; k < d; k++) {
        const xa = Aidx.map((i) => points[i]![k]!);
        const xb = Bidx.map((i) => points[i]![k]!);
        const sA = xa.reduce((s, v) => s + v, 0);
        const sB = xb.reduce((s, v) => s + v, 0);
        q += (4 * sA * sA + 2 * sA * sB + 4 * sB * sB) / 15 - xa.reduce((s, v) => s + v * v, 0) - xb.reduce((s, v) => s + v * v, 0);
      }
      return A ** 7 * Math.pow(Math.PI / (a * Math.sqrt(15)), d) * Math.exp(a * q);
    },
    method: 'closed form (Gaussian kernel)',
  };
}

/** Gauss–Legendre nodes on [-L, L] with `panels` panels of 16 points. */
function boxRule(L: number, panels: number): { x: number[]; w: number[] } {
  const gl = gaussLegendre(16);
  const x: number[] = [];
  const w: number[] = [];
  const h = (2 * L) / panels;
  for (let p = 0; p < panels; p++) {
    const mid = -L + (p + 0.5) * h;
    for (let i = 0; i < 16; i++) {
      x.push(mid + 0.5 * h * gl.x[i]!);
      w.push(0.5 * h * gl.w[i]!);
    }
  }
  return { x, w };
}

/** Cut-off integrals for kernels without a Gaussian form: tensor box rule, refined until stable. */
function boxIntegrals(net: NetworkSpec, points: Point[], cutoff: number, orders: number[], file = 'theory'): KernelIntegrals {
  const d = net.d_in;
  const kernel = networkKernel(net);
  const sb2 = net.sigma_b ** 2;
  const P = points.length;
  if (!kernel.closedForm) refuseSlowKernel(net, points, kernel.value, file);
  const sets = orders.flatMap((n) => multisets(P, n));
  const key = (idx: number[]) => idx.join(',');
  const compute = (panels: number) => {
    // The tensor rule has (16 panels)^d nodes: refuse one that would exhaust memory (d_in >= 5) before building it.
    if (Math.pow(panels * 16, d) > 5e7) {
      throw new NumericalError(`the cut-off kernel integrals need a tensor rule of (${panels} x 16)^${d} nodes in d_in = ${d}: practical for d_in <= 3 only`);
    }
    const r = boxRule(cutoff, panels);
    // Tensor nodes in d dimensions (d <= 3 is practical).
    const nodes: { x: number[]; w: number }[] = [];
    const rec = (k: number, x: number[], w: number) => {
      if (k === d) return void nodes.push({ x, w });
      for (let i = 0; i < r.x.length; i++) rec(k + 1, [...x, r.x[i]!], w * r.w[i]!);
    };
    rec(0, [], 1);
    const kw = nodes.map((nd) => points.map((y) => kernel.value(nd.x, y) - sb2));
    const I = new Map<string, number>();
    for (const idx of sets) {
      let s = 0;
      nodes.forEach((nd, j) => {
        let prod = nd.w;
        for (const i of idx) prod *= kw[j]![i]!;
        s += prod;
      });
      I.set(key(idx), s);
    }
    return { I, nodes, kw };
  };
  let panels = 4;
  let prev = compute(panels);
  for (;;) {
    panels *= 2;
    const next = compute(panels);
    let err = 0;
    for (const [k, v] of next.I) err = Math.max(err, Math.abs(v - prev.I.get(k)!) / Math.max(Math.abs(v), 1e-300));
    prev = next;
    if (err < 1e-10) break;
    // d = 1 also builds the nodes x nodes kernel matrix for E: its size bounds the refinement there
    if (Math.pow(panels * 16, d) > (d === 1 ? 1024 : 2e5)) {
      throw new NumericalError(
        `the cut-off kernel integrals did not converge (relative change ${err.toExponential(1)} at ${panels} panels per dimension; a kernel ` +
          `that is not smooth on the box, e.g. relu with sigma_b near 0, converges too slowly)`,
      );
    }
  }
  const { I, nodes, kw } = prev;
  let E: KernelIntegrals['E'];
  if (d === 1) {
    // E(A, B) = H_A^T Kmat H_B on the same 1-d rule, H_A(x) = w(x) prod_{a in A} K_W(x, x_a).
    const kmat = nodes.map((nx) => nodes.map((ny) => kernel.value(nx.x, ny.x) - sb2));
    const H = new Map<string, number[]>();
    const h = (A: number[]) => {
      const k = key(A);
      if (!H.has(k))
        H.set(
          k,
          nodes.map((nd, j) => A.reduce((p, i) => p * kw[j]![i]!, nd.w)),
        );
      return H.get(k)!;
    };
    const KH = new Map<string, number[]>();
    const kh = (B: number[]) => {
      const k = key(B);
      if (!KH.has(k)) {
        const hB = h(B);
        KH.set(
          k,
          kmat.map((row) => row.reduce((t, v, j) => t + v * hB[j]!, 0)),
        );
      }
      return KH.get(k)!;
    };
    E = (A, B) => {
      const hA = h(A);
      const khB = kh(sortIdx(B));
      let s = 0;
      for (let i = 0; i < nodes.length; i++) s += hA[i]! * khB[i]!;
      return s;
    };
  }
  return {
    I: (idx) => {
      const v = I.get(key(idx));
      if (v === undefined) throw new NumericalError(`no kernel integral for multiset ${key(idx)}`);
      return v;
    },
    E,
    method: `Gauss–Legendre on the box [-${cutoff}, ${cutoff}]^${d} (${panels} panels x 16 points per dimension, converged to 1e-10)`,
  };
}

/**
 * A kernel without a closed form is a 2-d quadrature per value (tens to hundreds of ms): the box rule needs
 * at least two refinements of 64 and 128 nodes per dimension at every point (and in d = 1 the 128^2
 * exchange matrix). Timed on one value, a total above LIMITS.quadratureSeconds is refused before it starts.
 */
function refuseSlowKernel(net: NetworkSpec, points: Point[], value: (x: Point, y: Point) => number, file: string): void {
  let each = Number.POSITIVE_INFINITY;
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    value(points[0]!, points[points.length - 1]!);
    each = Math.min(each, (performance.now() - t0) / 1000);
  }
  const d = net.d_in;
  const evaluations = (64 ** d + 128 ** d) * points.length + (d === 1 ? 128 ** 2 : 0);
  const seconds = each * evaluations;
  const limit = LIMITS.quadratureSeconds;
  if (seconds > limit.max)
    throw new InputError(
      file,
      'network.activation',
      `an activation whose coupling integrals take at most ${limit.max} s (${limit.why}; the closed-form kernels: ` +
        `${ACTIVATIONS.filter((a) => activation(a).pairExpectation).join(', ')})`,
      undefined,
      `${net.activation}: at least ${evaluations} kernel values at ${(each * 1000).toFixed(0)} ms each, ~${Math.round(seconds)} s`,
    );
}

const boxMemo = new Map<string, KernelIntegrals>();

export function kernelIntegrals(net: NetworkSpec, points: Point[], opts: CouplingOptions = {}): KernelIntegrals {
  const amp = activation(net.activation).gaussianAmplitude;
  if (amp !== undefined && net.depth === 1) return gaussianIntegrals(net, points, amp);
  const cutoff = opts.cutoff ?? 1;
  if (!(cutoff > 0)) throw new InputError('command line', '--cutoff', 'a positive cutoff', undefined, String(cutoff));
  // Width-independent: memoized for width scans.
  const key = JSON.stringify([net.activation, net.d_in, net.sigma_w, net.sigma_b, net.depth, points, cutoff]);
  let hit = boxMemo.get(key);
  if (!hit) {
    if (boxMemo.size > 16) boxMemo.clear();
    hit = boxIntegrals(net, points, cutoff, [4, 6], opts.file);
    boxMemo.set(key, hit);
  }
  return hit;
}

/** Field-rescaling factors (u4, u6) from the physical to the K_k normalization. */
export function kkFactors(net: NetworkSpec): { u4: number; u6: number } {
  const amp = activation(net.activation).gaussianAmplitude;
  if (amp === undefined || net.depth !== 1) {
    throw new InputError(
      'command line',
      '--normalization',
      'physical for a kernel that is not Gaussian (the K_k normalization needs a Gaussian momentum kernel)',
      undefined,
      'kk',
    );
  }
  const d = net.d_in;
  const k = Math.sqrt((2 * net.sigma_w ** 2) / d);
  const C = (amp * d) / (2 * Math.pow(Math.PI, d / 2));
  return { u4: C ** 2 * Math.pow(k, 8 - 2 * d), u6: C ** 3 * Math.pow(k, 12 - 3 * d) };
}

/** All ways to split a 6-multiset (as positions) into two triples, each split once: 10 of them. */
function tripleSplits(): [number[], number[]][] {
  const out: [number[], number[]][] = [];
  for (let a = 1; a < 6; a++)
    for (let b = a + 1; b < 6; b++) {
      const A = [0, a, b];
      out.push([A, [0, 1, 2, 3, 4, 5].filter((i) => !A.includes(i))]);
    }
  return out;
}

/** The 15 ways to split 6 positions into a 4-set and a pair. */
function pairSplits(): [number[], number[]][] {
  const out: [number[], number[]][] = [];
  for (let a = 0; a < 6; a++) for (let b = a + 1; b < 6; b++) out.push([[0, 1, 2, 3, 4, 5].filter((i) => i !== a && i !== b), [a, b]]);
  return out;
}

const sortIdx = (xs: number[]) => xs.slice().sort((a, b) => a - b);

/** Pairings of the factors that pair equal components only: prod over components of (count - 1)!!, 0 for an odd count. */
function pairingCount(components: number[]): number {
  const counts = new Map<number, number>();
  for (const a of components) counts.set(a, (counts.get(a) ?? 0) + 1);
  let n = 1;
  for (const c of counts.values()) {
    if (c % 2) return 0;
    for (let k = c - 1; k > 1; k -= 2) n *= k;
  }
  return n;
}

/** The exchange pairings of two triples A, B of components (one leg of each joined): pairs left in A and in B, crossing legs equal. */
function crossCount(A: number[], B: number[]): number {
  let n = 0;
  for (let k = 0; k < 3; k++) {
    const [p, q] = A.filter((_, i) => i !== k);
    if (p !== q) continue;
    for (let m = 0; m < 3; m++) {
      const [r, t] = B.filter((_, i) => i !== m);
      if (r === t && A[k] === B[m]) n++;
    }
  }
  return n;
}

/** The entry on the factors `pos` of (idx, components): (point, component) pairs sorted as in the documents. */
function subEntry(idx: number[], components: number[] | undefined, pos: number[]): { idx: number[]; components?: number[] } {
  if (!components) return { idx: sortIdx(pos.map((i) => idx[i]!)) };
  const pairs = pos.map((i) => [idx[i]!, components[i]!] as const).sort((u, v) => u[0] - v[0] || u[1] - v[1]);
  return { idx: pairs.map((p) => p[0]), components: pairs.map((p) => p[1]) };
}

export function couplings(doc: CorrelatorDocument, theory: Theory, normalization: Normalization, opts: CouplingOptions = {}): Couplings & { method: string } {
  const net = theory.network;
  if (!net) throw new InputError(theory.file, 'network', 'a network section (couplings come from network correlators)');
  const points: Point[] = doc.points.map((p) => (typeof p === 'number' ? [p] : p));
  const ints = kernelIntegrals(net, points, { cutoff: opts.cutoff ?? theory.ensemble.cutoff, file: theory.file });
  const scale = normalization === 'kk' ? kkFactors(net) : { u4: 1, u6: 1 };
  const c4 = new Map(doc.correlators['4'].map((e) => [entryKey(e), e]));
  const c2 = new Map(doc.correlators['2'].map((e) => [entryKey(e), e]));
  const get = (m: Map<string, CorrelatorEntry>, e: CorrelatorEntry, pos: number[]) => {
    const key = entryKey(subEntry(e.idx, e.components, pos));
    const v = m.get(key);
    if (!v) throw new InputError('correlators', `entry ${key}`, 'all multisets of the points in the document');
    return v;
  };
  // With components, the tensor factor of each entry relative to one component (1 without: the d_out = 1 formulas).
  const factor4 = (e: CorrelatorEntry) => (e.components ? 3 / pairingCount(e.components) : 1);
  const carries = (e: CorrelatorEntry) => !e.components || pairingCount(e.components) > 0;
  const withComponents = (e: CorrelatorEntry) => (e.components ? { components: e.components } : {});
  const u4values = doc.correlators['4'].filter(carries).map((e) => {
    const I = ints.I(e.idx);
    const f = factor4(e);
    return { idx: e.idx, ...withComponents(e), value: (-(e.value - e.gp) / I) * f, stderr: (e.stderr / Math.abs(I)) * f };
  });
  // Entries share their networks (strongly correlated): the error of the mean is bounded by the mean error.
  const mean = (xs: number[]) => xs.reduce((s, v) => s + v, 0) / xs.length;
  const u4 = mean(u4values.map((v) => v.value));
  const u4err = mean(u4values.map((v) => v.stderr));
  const splits3 = tripleSplits();
  const splits2 = pairSplits();
  const u6values = doc.correlators['6'].filter(carries).map((e) => {
    const pos = e.idx;
    let g6c = e.value - e.gp;
    let err = e.stderr;
    for (const [four, two] of splits2) {
      const e4 = get(c4, e, four);
      const K = get(c2, e, two).gp;
      g6c -= (e4.value - e4.gp) * K;
      err += e4.stderr * Math.abs(K);
    }
    let exchange = NaN;
    if (ints.E) {
      exchange = 0;
      for (const [A, B] of splits3) {
        const w = e.components
          ? crossCount(
              A.map((i) => e.components![i]!),
              B.map((i) => e.components![i]!),
            ) / 9
          : 1;
        if (w === 0) continue;
        exchange +=
          w *
          ints.E(
            A.map((i) => pos[i]!),
            B.map((i) => pos[i]!),
          );
      }
    }
    const I6 = ints.I(pos);
    const f = e.components ? 15 / pairingCount(e.components) : 1;
    err += 2 * Math.abs(u4) * u4err * Math.abs(exchange);
    return { idx: pos, ...withComponents(e), value: (-(g6c - u4 * u4 * exchange) / I6) * f, stderr: (err / Math.abs(I6)) * f };
  });
  const estimate = (values: { idx: number[]; components?: number[]; value: number; stderr: number }[], f: number): CouplingEstimate => ({
    mean: mean(values.map((v) => v.value)) * f,
    stderr: mean(values.map((v) => v.stderr)) * f,
    values: values.map((v) => ({ idx: v.idx, ...(v.components ? { components: v.components } : {}), value: v.value * f, stderr: v.stderr * f })),
  });
  const u4e = estimate(u4values, scale.u4);
  const u6e = estimate(u6values, scale.u6);
  // without the exchange integral u6 is undefined (NaN, written as null); otherwise both must be numbers
  const why =
    `the kernel integrals or the finite-width correlators at these points vanish (0/0) or exceed double precision (sigma_w = ` +
    `${net.sigma_w}, sigma_b = ${net.sigma_b})`;
  requireFinite({ u4: u4e.mean, ...(ints.E ? { u6: u6e.mean } : {}) }, why);
  return {
    normalization,
    u4: u4e,
    u6: u6e,
    method: ints.method + (ints.E ? '' : '; u6 needs the exchange integral, available for d_in = 1 or Gaussian kernels only'),
  };
}
