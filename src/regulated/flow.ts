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
import { multisetTable, symmetricEigenvalues, type Matrix, type SymTensor, toMatrix } from './tensor.js';
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

  /** d Gamma/ds at s (state layout), and G0; undefined past the pole (Gamma2 + s not positive definite). */
  rhs(y: ArrayLike<number>, s: number): number[] | undefined {
    const { P, M, space } = this;
    const u = space.zero();
    for (let i = 0; i < this.mono.length; i++) u[this.mono[i]!] = y[i]! / this.fact[i]!;
    // V_ab = U''_ab without its constant; Gamma2 from the state.
    const V: Float64Array[][] = Array.from({ length: P }, () => Array.from({ length: P }, () => space.zero()));
    for (const { src, a, b, dst, f } of this.second) {
      if (space.degree[dst] === 0) continue;
      const x = f * u[src]!;
      V[a]![b]![dst]! += x;
      if (a !== b) V[b]![a]![dst]! += x;
    }
    const gamma2: SymTensor = { P, n: 2, values: Float64Array.from(Array.prototype.slice.call(y, 0, this.offsets[1]) as number[]) };
    const G0 = propagator(gamma2, s);
    if (!G0) return undefined;
    // X = G0 V, then (1/2) sum_n (-1)^n Tr(X^n G0).
    const X = Array.from({ length: P }, (_, a) =>
      Array.from({ length: P }, (__, b) => {
        const out = space.zero();
        for (let c = 0; c < P; c++) {
          const g = G0[a]![c]!;
          const v = V[c]![b]!;
          for (let i = 0; i < out.length; i++) out[i]! += g * v[i]!;
        }
        return out;
      }),
    );
    const total = space.zero();
    let Xn = X;
    for (let n = 1; n <= M; n++) {
      if (n > 1) Xn = matMul(space, Xn, X);
      const sign = n % 2 ? -0.5 : 0.5;
      for (let a = 0; a < P; a++)
        for (let b = 0; b < P; b++) {
          const g = sign * G0[b]![a]!;
          const xn = Xn[a]![b]!;
          for (let i = 0; i < total.length; i++) total[i]! += g * xn[i]!;
        }
    }
    const out = new Array<number>(this.mono.length);
    for (let i = 0; i < this.mono.length; i++) out[i] = total[this.mono[i]!]! * this.fact[i]!;
    return out;
  }
}

function matMul(space: SeriesSpace, A: Float64Array[][], B: Float64Array[][]): Float64Array[][] {
  const P = A.length;
  return Array.from({ length: P }, (_, a) =>
    Array.from({ length: P }, (__, b) => {
      const out = space.zero();
      for (let c = 0; c < P; c++) {
        const prod = space.mul(A[a]![c]!, B[c]![b]!);
        for (let i = 0; i < out.length; i++) out[i]! += prod[i]!;
      }
      return out;
    }),
  );
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
  const lambdaMin = (y: number[], s: number) => {
    const m = toMatrix(layout.unpack(y)[0]!).map((row, a) => row.map((x, b) => (a === b ? x + s : x)));
    return symmetricEigenvalues(m)[0]!;
  };
  const coupling = (y: number[], s: number): { n: number; g: number } => {
    const vs = layout.unpack(y);
    const G = propagator(vs[0]!, s);
    if (!G) return { n: 1, g: Infinity };
    const gNorm = Math.max(...symmetricEigenvalues(G as Matrix).map(Math.abs));
    let worst = { n: 2, g: 0 };
    for (let i = 1; i < vs.length; i++) {
      const n = i + 1;
      const g = Math.max(...Array.from(vs[i]!.values, Math.abs)) * gNorm ** n;
      if (g > worst.g) worst = { n, g };
    }
    return worst;
  };
  const events: StopEvent[] = [
    {
      reason: 'pole',
      value: (y, s) => lambdaMin(y, s) / (Math.abs(s) + Math.max(...toMatrix(layout.unpack(y)[0]!).map((r) => Math.max(...r.map(Math.abs)))) + 1e-300),
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
