/**
 * The regulated-ensemble rows of `nnrg validate` (docs/regulated.md, "Validation"): the Wetterich equation on the
 * measured vertices, and the convergence of the truncated flows, at the theory's first point (P = 1, exact
 * vertices) and on two well-separated points (P = 2, sampled vertices). fit/ takes this function as an argument
 * (ValidationOptions.regulatedChecks): the rows are shaped like its Check.
 */
import { isSampled } from '../activations/index.js';
import { networkKernel } from '../kernel/index.js';
import type { Point, Theory } from '../theory/index.js';
import { sampleRegulated } from './estimator.js';
import { exactRegulated } from './exact.js';
import { flowRhs } from './flow.js';
import { regulated } from './run.js';
import type { SymTensor } from './tensor.js';

export interface RegulatedCheck {
  name: string;
  expected: string | number;
  measured: string | number;
  tolerance: string | number;
  pass: boolean;
  status: 'pass' | 'fail' | 'n/a' | 'info';
  detail?: string;
}

export interface RegulatedCheckOptions {
  /** Skip the sampled (P = 2) parts. */
  noSampling?: boolean;
  /** Networks per bag and bags of the P = 2 sample (default 2000 x 10). */
  nets?: number;
  bags?: number;
  seed?: number;
  width?: number;
  onProgress?: (done: number, total: number) => void;
}

/** Richardson step in t = ln k, and the tolerance of the finite-difference comparison (its error is O(h^4) ~ 1e-9). */
const H = 0.02;
const EQUATION_TOL = 1e-6;

/** The theory's first point and one a correlation length sqrt(2 d_in)/sigma_w further along the first axis. */
export function separatedPoints(theory: Theory): Point[] {
  const x0 = theory.ensemble.points[0]!;
  const net = theory.network!;
  const step = Math.sqrt(2 * net.d_in) / net.sigma_w;
  return [x0, x0.map((v, i) => (i === 0 ? v + step : v))];
}

/** Centres k^2 K = 10, 1, 0.1 (K the largest GP variance), each with k e^(+-h), k e^(+-h/2) for the derivative. */
function equationGrid(K: number): { centres: number[]; ks: number[] } {
  const centres = [10, 1, 0.1].map((x) => Math.sqrt(x / K));
  return { centres, ks: centres.flatMap((k) => [k, k * Math.exp(H), k * Math.exp(-H), k * Math.exp(H / 2), k * Math.exp(-H / 2)]) };
}

/**
 * Largest relative residual of d Gamma^(2n)/dt (Richardson finite differences of the vertices) against the flow's
 * right-hand side built from the vertices, n = 1 .. M-1, per centre (vertices at the 5 k of each centre in order).
 */
function residual(vs: SymTensor[][], centres: number[]): { worst: number; where: string } {
  let worst = 0;
  let where = '';
  centres.forEach((k, c) => {
    const at = (j: number) => vs[5 * c + j]!;
    const rhs = flowRhs(at(0), k);
    if (!rhs) {
      worst = Infinity;
      where = `k = ${k.toPrecision(3)}: past the pole`;
      return;
    }
    for (let i = 0; i + 1 < at(0).length; i++) {
      const scale = Math.max(...Array.from(rhs[i]!.values, Math.abs), 1e-300);
      rhs[i]!.values.forEach((r, e) => {
        const dH = (at(1)[i]!.values[e]! - at(2)[i]!.values[e]!) / (2 * H);
        const dH2 = (at(3)[i]!.values[e]! - at(4)[i]!.values[e]!) / H;
        const fd = (4 * dH2 - dH) / 3;
        const d = Math.abs(fd - r) / scale;
        if (d > worst) {
          worst = d;
          where = `Gamma${2 * (i + 1)} at k = ${k.toPrecision(3)}`;
        }
      });
    }
  });
  return { worst, where };
}

/** The two rows: the Wetterich equation on the regulated ensemble, and the convergence of the truncations. */
export async function regulatedChecks(theory: Theory, opts: RegulatedCheckOptions = {}): Promise<RegulatedCheck[]> {
  const net = theory.network!;
  const width = opts.width ?? theory.ensemble.width ?? 10;
  const x0 = theory.ensemble.points[0]!;
  const M = 4;
  // P = 1: exact vertices.
  const K1 = networkKernel(net).value(x0, x0);
  const g1 = equationGrid(K1);
  const exact = exactRegulated(net, x0, width, g1.ks, M);
  const scalars = (v: number[]): SymTensor[] => v.map((x, i) => ({ P: 1, n: 2 * (i + 1), values: Float64Array.from([x]) }));
  const r1 = residual(
    exact.points.map((p) => scalars(p.vertices)),
    g1.centres,
  );
  const conv1 = await regulated(theory, { width, points: [x0], sampling: false });
  // P = 2: sampled vertices (the plug-in estimates are the exact vertices of the sampled mixture).
  const pts = separatedPoints(theory);
  let r2: { worst: number; where: string } | null = null;
  let conv2: Awaited<ReturnType<typeof regulated>> | null = null;
  const nets = opts.nets ?? 2000;
  const bags = opts.bags ?? 10;
  const sampling = !opts.noSampling && isSampled(net.activation);
  const skipped = opts.noSampling ? 'no sampling' : `the sampler has no ${net.activation} kernel`;
  if (sampling) {
    const K = networkKernel(net).matrix(pts);
    const g2 = equationGrid(Math.max(K[0]![0]!, K[1]![1]!));
    const s = await sampleRegulated(net, pts, width, g2.ks, M, { nets, bags, seed: opts.seed ?? theory.ensemble.seed, onProgress: opts.onProgress });
    r2 = residual(s.values, g2.centres);
    conv2 = await regulated(theory, { width, points: pts, nets, bags, seed: opts.seed ?? theory.ensemble.seed });
  }
  const fmtPts = (p: Point[]) => JSON.stringify(p.map((x) => (x.length === 1 ? Number(x[0]!.toPrecision(4)) : x.map((v) => Number(v.toPrecision(4))))));
  const eqPass = r1.worst <= EQUATION_TOL && (!r2 || r2.worst <= EQUATION_TOL);
  const equation: RegulatedCheck = {
    name: `the Wetterich equation holds on the regulated ensemble (width ${width})`,
    expected: 'd Gamma^(2n)/dt = its right-hand side, n = 1..3',
    measured: `max relative residual ${r1.worst.toExponential(1)} (P = 1)${r2 ? `, ${r2.worst.toExponential(1)} (P = 2)` : ''}`,
    tolerance: EQUATION_TOL,
    pass: eqPass,
    status: eqPass ? 'pass' : 'fail',
    detail:
      `P = 1 at ${fmtPts([x0])}: exact vertices, worst at ${r1.where}; ` +
      (r2
        ? `P = 2 at ${fmtPts(pts)}: sampled vertices (${nets} x ${bags} networks; the plug-in estimates are the exact vertices of the ` +
          `sampled mixture, so the equation holds for them exactly), worst at ${r2.where}; `
        : `P = 2: skipped (${skipped}); `) +
      `derivatives by Richardson finite differences in t = ln k (h = ${H}) at k^2 K = 10, 1, 0.1`,
  };
  const summary = (doc: Awaited<ReturnType<typeof regulated>>) =>
    doc.verdicts
      .filter((v) => v.order === 'all')
      .map((v) => `${v.direction}: ${v.status}`)
      .join(', ');
  const detailOf = (doc: Awaited<ReturnType<typeof regulated>>, what: string) =>
    `${what}: ${doc.verdicts
      .filter((v) => v.order !== 'all')
      .map((v) => `phi^${v.order} ${v.direction} ${v.status}`)
      .join('; ')}; ${doc.verdicts
      .filter((v) => v.order === 'all')
      .map((v) => `${v.direction}: ${v.detail}`)
      .join(
        '; ',
      )}${doc.stops.length ? `; stops: ${doc.stops.map((s) => `phi^${s.order} ${s.direction} at k = ${s.k.toPrecision(3)} (${s.reason})`).join(', ')}` : ''}`;
  const convergence: RegulatedCheck = {
    name: `truncation convergence (phi^4, phi^6, phi^8 flows against the regulated vertices, width ${width})`,
    expected: 'a result: converges or not',
    measured: `P = 1 ${summary(conv1)}${conv2 ? `; P = 2 ${summary(conv2)}` : ''}`,
    tolerance: 'informs, never fails',
    pass: true,
    status: 'info',
    detail: [
      detailOf(conv1, `P = 1 at ${fmtPts([x0])} (exact)`),
      conv2 ? detailOf(conv2, `P = 2 at ${fmtPts(pts)} (sampled, ${nets} x ${bags})`) : `P = 2: skipped (${skipped})`,
    ].join(' | '),
  };
  return [equation, convergence];
}
