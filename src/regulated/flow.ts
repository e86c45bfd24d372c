/**
 * The exact flow of the regulated vertices at phi = 0 and its truncations (docs/regulated.md). With R_k = k^2 I
 * on P points the Wetterich equation is the zero-dimensional LPA with P components and no symmetry:
 *   d_t U_k(phi) = (1/2) Tr[d_t R (U_k'' + R)^-1] = k^2 Tr (U_k''(phi) + k^2)^-1,   t = ln k,
 * U_k(phi) = sum_n Gamma^(2n)_{a..} phi_a ... / (2n)!: the vertices are its Taylor coefficients at phi = 0. In s = k^2,
 * dU/ds = (1/2) Tr (U'' + s)^-1, which is regular at s = 0 (so the flow reaches k = 0 and starts there).
 * Expanding G(phi) = (G0^-1 + V(phi))^-1 = sum_n (-1)^n G0 (V G0)^n, V = U'' - U''(0), G0 = (Gamma2 + s)^-1, the
 * phi^(2n) coefficients give d Gamma^(2n)/ds; truncated at 2M (Gamma^(2M+2) = 0) only d Gamma^(2M) misses a term.
 * U is a polynomial over multisets (exact/'s SeriesSpace: the coefficient of phi^c is Gamma_c / c!).
 */
import { SeriesSpace } from '../exact/index.js';
import { integrate, type StopEvent } from '../numeric/index.js';
import { multisetTable, symmetricEigenvalues, type SymTensor } from './tensor.js';
import { propagator } from './vertices.js';

/** One truncation's state layout: the vertices of orders 2..2M, concatenated in multiset order. */
export class VertexLayout {
  readonly space: SeriesSpace;
  /** Per state entry: its monomial in the space, and c! (Gamma_c = c! u_c). */
  private readonly mono: Int32Array;
  private readonly fact: Float64Array;
  readonly offsets: number[];
  /** dU''_{ab}: for every monomial of degree >= 2 and pair a <= b, the target monomial and factor. */
  private readonly second: { src: number; a: number; b: number; dst: number; f: number }[];

  constructor(
    readonly P: number,
    readonly M: number,
  ) {
    this.space = new SeriesSpace(P, 2 * M);
    const mono: number[] = [];
    const fact: number[] = [];
    this.offsets = [];
    for (let n = 1; n <= M; n++) {
      this.offsets.push(mono.length);
      for (const set of multisetTable(P, 2 * n).sets) {
        const c = new Int32Array(P);
        for (const i of set) c[i]!++;
        const idx = this.space.indexOf(c)!;
        mono.push(idx);
        fact.push(this.space.factorial[idx]!);
      }
    }
    this.offsets.push(mono.length);
    this.mono = Int32Array.from(mono);
    this.fact = Float64Array.from(fact);
    this.second = [];
    this.space.monomials.forEach((c, src) => {
      if (this.space.degree[src]! < 2) return;
      for (let a = 0; a < P; a++)
        for (let b = a; b < P; b++) {
          const d = Int32Array.from(c);
          const f = a === b ? c[a]! * (c[a]! - 1) : c[a]! * c[b]!;
          if (f === 0) continue;
          d[a]! -= 1;
          d[b]! -= 1;
          this.second.push({ src, a, b, dst: this.space.indexOf(d)!, f });
        }
    });
  }

  get size(): number {
    return this.mono.length;
  }

  pack(vs: SymTensor[]): number[] {
    return vs.slice(0, this.M).flatMap((v) => Array.from(v.values));
  }

  unpack(y: ArrayLike<number>): SymTensor[] {
    return Array.from({ length: this.M }, (_, i) => ({
      P: this.P,
      n: 2 * (i + 1),
      values: Float64Array.from(Array.prototype.slice.call(y, this.offsets[i], this.offsets[i + 1]) as number[]),
    }));
  }

  /** Products of monomials without constant term (X has none): [i, j, i + j] within the truncation. */
  private pairs?: Int32Array;
  private buffers?: { u: Float64Array; V: Float64Array; X: Float64Array; Xn: Float64Array; next: Float64Array; total: Float64Array };

  private productTable(): Int32Array {
    if (this.pairs) return this.pairs;
    const { space } = this;
    const out: number[] = [];
    const sum = new Int32Array(this.P);
    // Sorted by the degree of i, descending: X^(n-1) has no terms below degree 2(n-1), so its product with X
    // only needs the leading pairs (pairsFrom).
    const order = Array.from({ length: space.size }, (_, i) => i).sort((a, b) => space.degree[b]! - space.degree[a]!);
    this.pairsEnd = new Int32Array(space.D + 2);
    for (const i of order) {
      if (space.degree[i]! === 0) continue;
      for (let j = 0; j < space.size; j++) {
        if (space.degree[j]! === 0 || space.degree[i]! + space.degree[j]! > space.D) continue;
        for (let p = 0; p < this.P; p++) sum[p] = space.monomials[i]![p]! + space.monomials[j]![p]!;
        out.push(i, j, space.indexOf(sum)!);
      }
      // pairsEnd[d]: the end of the pairs whose i has degree >= d.
      for (let d = 0; d <= space.degree[i]!; d++) this.pairsEnd[d] = out.length;
    }
    this.pairs = Int32Array.from(out);
    return this.pairs;
  }
  private pairsEnd = new Int32Array(0);

  /** d Gamma/ds at s (state layout); undefined past the pole (Gamma2 + s not positive definite). */
  rhs(y: ArrayLike<number>, s: number): number[] | undefined {
    const { P, M, space } = this;
    const S = space.size;
    const pairs = this.productTable();
    const B = (this.buffers ??= {
      u: space.zero(),
      V: new Float64Array(P * P * S),
      X: new Float64Array(P * P * S),
      Xn: new Float64Array(P * P * S),
      next: new Float64Array(P * P * S),
      total: space.zero(),
    });
    const { u, V, X, total } = B;
    u.fill(0);
    for (let i = 0; i < this.mono.length; i++) u[this.mono[i]!] = y[i]! / this.fact[i]!;
    // V_ab = U''_ab without its constant (the series of (a, b) at offset (a P + b) S).
    V.fill(0);
    for (const { src, a, b, dst, f } of this.second) {
      if (space.degree[dst] === 0) continue;
      const x = f * u[src]!;
      V[(a * P + b) * S + dst]! += x;
      if (a !== b) V[(b * P + a) * S + dst]! += x;
    }
    const G0 = propagator({ P, n: 2, values: Float64Array.from(Array.prototype.slice.call(y, 0, this.offsets[1]) as number[]) }, s);
    if (!G0) return undefined;
    // X = G0 V, then (1/2) sum_n (-1)^n Tr(X^n G0), X^n by the product table.
    X.fill(0);
    for (let a = 0; a < P; a++)
      for (let b = 0; b < P; b++) {
        const o = (a * P + b) * S;
        for (let c = 0; c < P; c++) {
          const g = G0[a]![c]!;
          const vo = (c * P + b) * S;
          for (let i = 0; i < S; i++) X[o + i]! += g * V[vo + i]!;
        }
      }
    total.fill(0);
    let Xn = X;
    for (let n = 1; n <= M; n++) {
      if (n > 1) {
        const out = Xn === B.Xn ? B.next : B.Xn;
        out.fill(0);
        for (let a = 0; a < P; a++)
          for (let b = 0; b < P; b++) {
            const o = (a * P + b) * S;
            for (let c = 0; c < P; c++) {
              const ao = (a * P + c) * S;
              const bo = (c * P + b) * S;
              const end = this.pairsEnd[2 * (n - 1)]!;
              for (let q = 0; q < end; q += 3) {
                const x = Xn[ao + pairs[q]!]!;
                if (x !== 0) out[o + pairs[q + 2]!]! += x * X[bo + pairs[q + 1]!]!;
              }
            }
          }
        Xn = out;
      }
      const sign = n % 2 ? -0.5 : 0.5;
      for (let a = 0; a < P; a++)
        for (let b = 0; b < P; b++) {
          const g = sign * G0[b]![a]!;
          const o = (a * P + b) * S;
          for (let i = 0; i < S; i++) total[i]! += g * Xn[o + i]!;
        }
    }
    const out = new Array<number>(this.mono.length);
    for (let i = 0; i < this.mono.length; i++) out[i] = total[this.mono[i]!]! * this.fact[i]!;
    return out;
  }
}

/** d Gamma^(2n)/dt = 2 s d Gamma^(2n)/ds of a vertex set (the right-hand side of the hierarchy), or undefined past a pole. */
export function flowRhs(vs: SymTensor[], k: number): SymTensor[] | undefined {
  const layout = new VertexLayout(vs[0]!.P, vs.length);
  const s = k * k;
  const d = layout.rhs(layout.pack(vs), s);
  return d ? layout.unpack(d.map((x) => 2 * s * x)) : undefined;
}

/** Where a truncated flow stopped, and why. */
export interface FlowStop {
  /** The scale where it stopped (k, not k^2). */
  k: number;
  reason: 'pole' | 'blow-up' | 'nan' | 'max-steps';
  message: string;
}

export interface FlowRun {
  /** Vertices at each requested k (null where the flow did not get). */
  values: (SymTensor[] | null)[];
  stop: FlowStop | null;
}

/** A vertex is said to blow up when |Gamma^(2n)| |G|^n exceeds this (a dimensionless coupling of 1e10). */
const BLOW_UP = 1e10;

/**
 * Integrates a truncated flow (the vertices of orders 2..2M in `start`, at scale k0) to each k of `ks` (all on one
 * side of k0, ordered away from it), in s = k^2 with the Bulirsch–Stoer integrator of numeric/. It stops at a pole
 * (Gamma2 + k^2 loses positive definiteness), where a dimensionless vertex |Gamma^(2n)| |G|^n exceeds 1e10, at a
 * NaN or when the steps run out; the values past a stop are null.
 */
export function runFlow(start: SymTensor[], k0: number, ks: number[], opts: { rtol?: number } = {}): FlowRun {
  const P = start[0]!.P;
  const layout = new VertexLayout(P, start.length);
  const scale = Math.max(...layout.pack(start).map(Math.abs), 1e-300);
  const pairs = multisetTable(P, 2).sets;
  // The smallest eigenvalue of Gamma2 + s (1/|G|), and the largest dimensionless vertex |Gamma^(2n)| |G|^n.
  const lambdaMin = (y: number[], s: number) => {
    const m = Array.from({ length: P }, () => new Array<number>(P).fill(0));
    pairs.forEach(([a, b], i) => {
      m[a!]![b!] = y[i]! + (a === b ? s : 0);
      m[b!]![a!] = m[a!]![b!]!;
    });
    return P === 1 ? m[0]![0]! : symmetricEigenvalues(m)[0]!;
  };
  const coupling = (y: number[], s: number): { n: number; g: number } => {
    const lam = lambdaMin(y, s);
    if (!(lam > 0)) return { n: 1, g: Infinity };
    let worst = { n: 2, g: 0 };
    for (let i = 1; i < layout.M; i++) {
      let max = 0;
      for (let e = layout.offsets[i]!; e < layout.offsets[i + 1]!; e++) max = Math.max(max, Math.abs(y[e]!));
      const g = max / lam ** (i + 1);
      if (g > worst.g) worst = { n: i + 1, g };
    }
    return worst;
  };
  const gamma2Scale = (y: number[]) => {
    let max = 0;
    for (let e = 0; e < layout.offsets[1]!; e++) max = Math.max(max, Math.abs(y[e]!));
    return max;
  };
  const events: StopEvent[] = [
    {
      reason: 'pole',
      value: (y, s) => lambdaMin(y, s) / (Math.abs(s) + gamma2Scale(y) + 1e-300),
      describe: (s) => `Gamma2 + k^2 reaches a zero eigenvalue (the propagator's pole) at k = ${Math.sqrt(Math.max(s, 0)).toPrecision(6)}`,
    },
    {
      reason: 'blow-up',
      value: (y, s) => 1 - coupling(y, s).g / BLOW_UP,
      describe: (s, y) =>
        `the phi^${2 * coupling(y, s).n} vertex blows up (|Gamma| |G|^n > ${BLOW_UP.toExponential(0)}) at k = ${Math.sqrt(Math.max(s, 0)).toPrecision(6)}`,
    },
  ];
  const values: (SymTensor[] | null)[] = [];
  let y = layout.pack(start);
  let s = k0 * k0;
  let stop: FlowStop | null = null;
  for (const k of ks) {
    if (stop) {
      values.push(null);
      continue;
    }
    const s1 = k * k;
    if (s1 === s) {
      values.push(layout.unpack(y));
      continue;
    }
    const r = integrate((t, yy) => layout.rhs(yy, t) ?? yy.map(() => NaN), s, y, s1, {
      rtol: opts.rtol ?? 1e-11,
      atol: 1e-14 * scale,
      maxSteps: 50000,
      events,
      invalid: (yy, t) => !(lambdaMin(yy, t) > 0),
    });
    if (r.stop.reason === 'completed') {
      y = r.stop.y;
      s = s1;
      values.push(layout.unpack(y));
      continue;
    }
    const reason = r.stop.reason === 'pole' || r.stop.reason === 'blow-up' || r.stop.reason === 'max-steps' ? r.stop.reason : 'nan';
    stop = { k: Math.sqrt(Math.max(r.stop.t, 0)), reason, message: r.stop.message.replace(/ at t = [^ ]+$/, '') };
    values.push(null);
  }
  return { values, stop };
}
