import { NumericalError, type Eigenvalue, exponents, integrate } from '../numeric/index.js';

/**
 * The LPA fixed point as a full function (Wetterich, Litim regulator, O(N)), by shooting.
 *
 * With rho = phi.phi/2 and u(rho) the dimensionless potential, rescaled by c_d (rho -> c_d rho,
 * u -> c_d u, which leaves w = u' unchanged), the flow of w = u' is
 *   d_t w = -2 w + (d-2) rho w' - (N-1) w'/(1+w)^2 - (3 w' + 2 rho w'')/D^2,   D = 1 + w + 2 rho w'.
 * (The constant part of u decouples: its eigenvalue -d is not an exponent, so we work with w.)
 * Fixed point: regular at rho = 0 for every sigma = w(0) (Taylor series there); for a generic sigma
 * the solution ends in a singularity at finite rho, and the scaling solution is the sigma* where that
 * end moves to infinity: sigma* is the boundary between the two kinds of failure, found by bisection.
 * Exponents: d_t dw = lambda dw linearized; the regular solution dw(rho; lambda) picks up the fast
 * growing mode (~exp(c rho^5) in d = 3) unless lambda is an eigenvalue, so the eigenvalues are the
 * sign changes of dw(rho_end; lambda).
 */

export interface FullLpaOptions {
  d: number;
  N: number;
  /** Eigenvalue search window (default [-2.2, 4]) and grid step (0.25; LPA eigenvalues are further apart). */
  lambdaRange?: [number, number];
  lambdaStep?: number;
  /** How many eigenvalues to return at most (default 4). */
  count?: number;
}

export interface FullLpaResult {
  d: number;
  N: number;
  /** w(0) = u'(0) = m2 at the fixed point. */
  sigma: number;
  /** Position of the minimum, where w = 0 (null if the potential has its minimum at 0). */
  kappa: number | null;
  /** u''(kappa) (= l2 of the minimum expansion, in the same rescaled units). */
  lambda2: number | null;
  /** w = u' on a grid up to rhoEnd (rescaled units). */
  potential: { rho: number[]; w: number[] };
  rhoEnd: number;
  /** w ~ amplitude rho^(2/(d-2)) at large rho (the inward solution matched at rhoEnd). */
  amplitude: number;
  eigenvalues: Eigenvalue[];
  nu: number | null;
  omega: number | null;
  units: string;
}

const SERIES_ORDER = 8;

/** Taylor coefficients a_0..a_K of the fixed-point w at rho = 0 for w(0) = sigma (order-by-order solve). */
export function fixedPointSeries(sigma: number, d: number, N: number, K = SERIES_ORDER): number[] {
  const a = new Array<number>(K + 1).fill(0);
  a[0] = sigma;
  for (let k = 0; k < K; k++) {
    // The rho^k coefficient of the fixed-point equation is linear in a_{k+1}, with slope
    // -(k+1)((N-1) + (2k+3))/(1+a0)^2; evaluate it with a_{k+1} = 0 and solve.
    a[k + 1] = 0;
    const e = residualSeries(a, d, N, k)[k]!;
    a[k + 1] = (e * (1 + sigma) ** 2) / ((k + 1) * (N - 1 + 2 * k + 3));
  }
  return a;
}

/** Series (to order K) of -2w + (d-2) rho w' - (N-1) w'/(1+w)^2 - (3w' + 2 rho w'')/D^2. */
function residualSeries(a: number[], d: number, N: number, K: number): number[] {
  const n = K + 1;
  const w = a.slice(0, n).concat(new Array(Math.max(0, n - a.length)).fill(0));
  const dw = Array.from({ length: n }, (_, k) => (k + 1) * (a[k + 1] ?? 0));
  const rdw = [0, ...dw.slice(0, n - 1)];
  const rddw = Array.from({ length: n }, (_, k) => k * (k + 1) * (a[k + 1] ?? 0)); // rho w''
  const onePlusW = w.map((v, k) => (k === 0 ? 1 + v : v));
  const D = onePlusW.map((v, k) => v + 2 * rdw[k]!);
  const g1 = sinv(smul(onePlusW, onePlusW, n), n);
  const g2 = sinv(smul(D, D, n), n);
  const t1 = smul(dw, g1, n);
  const t2 = smul(
    dw.map((v, k) => 3 * v + 2 * rddw[k]!),
    g2,
    n,
  );
  return Array.from({ length: n }, (_, k) => -2 * w[k]! + (d - 2) * rdw[k]! - (N - 1) * t1[k]! - t2[k]!);
}

function smul(a: number[], b: number[], n: number): number[] {
  const c = new Array<number>(n).fill(0);
  for (let i = 0; i < n; i++) for (let j = 0; i + j < n; j++) c[i + j]! += a[i]! * b[j]!;
  return c;
}
function sinv(a: number[], n: number): number[] {
  const b = new Array<number>(n).fill(0);
  b[0] = 1 / a[0]!;
  for (let k = 1; k < n; k++) {
    let s = 0;
    for (let j = 1; j <= k; j++) s += a[j]! * b[k - j]!;
    b[k] = -s / a[0]!;
  }
  return b;
}

interface Shot {
  /** 'done' reached rhoMax; 'up': w' ran off to +infinity; 'down': w turned down; 'pole': D or 1+w reached 0. */
  end: 'done' | 'up' | 'down' | 'pole';
  rho: number;
  rhoGrid: number[];
  y: number[][];
}

/** Right-hand side of the fixed-point ODE (y = [w, w']) and, optionally, of its linearization (dw, dw'). */
function rhs(d: number, N: number, lambda?: number) {
  return (rho: number, y: number[]): number[] => {
    const [w, wp] = [y[0]!, y[1]!];
    const D = 1 + w + 2 * rho * wp;
    const R = -2 * w + (d - 2) * rho * wp - ((N - 1) * wp) / (1 + w) ** 2;
    const wpp = (D * D * R - 3 * wp) / (2 * rho);
    if (lambda === undefined) return [wp, wpp];
    const [v, vp] = [y[2]!, y[3]!];
    // lambda v = -2v + (d-2) rho v' - (N-1)[v'/(1+w)^2 - 2 w' v/(1+w)^3] - (3v' + 2 rho v'')/D^2 + 2 (3w' + 2 rho w'') (v + 2 rho v')/D^3
    const rest =
      -lambda * v -
      2 * v +
      (d - 2) * rho * vp -
      (N - 1) * (vp / (1 + w) ** 2 - (2 * wp * v) / (1 + w) ** 3) +
      (2 * (3 * wp + 2 * rho * wpp) * (v + 2 * rho * vp)) / D ** 3;
    const vpp = (D * D * rest - 3 * vp) / (2 * rho);
    return [wp, wpp, vp, vpp];
  };
}

const RHO0 = 1e-3;

/** w and w' at RHO0 from the Taylor series at rho = 0 (and the series itself). */
function seriesStart(sigma: number, d: number, N: number): { a: number[]; w0: number; wp0: number } {
  const a = fixedPointSeries(sigma, d, N);
  const w0 = a.reduce((s, c, k) => s + c * RHO0 ** k, 0);
  const wp0 = a.reduce((s, c, k) => s + (k > 0 ? k * c * RHO0 ** (k - 1) : 0), 0);
  return { a, w0, wp0 };
}

/** Outward shot of the fixed-point ODE for w(0) = sigma, stopped where it fails (or at rhoMax). */
export function shoot(sigma: number, d: number, N: number, rhoMax: number, samples = 0): Shot {
  const { w0, wp0 } = seriesStart(sigma, d, N);
  const big = 1e6;
  const r = integrate(rhs(d, N), RHO0, [w0, wp0], rhoMax, {
    rtol: 1e-12,
    atol: 1e-14,
    maxSteps: 20000,
    samples,
    events: [
      { reason: 'pole', value: (y, rho) => Math.min(1 + y[0]!, 1 + y[0]! + 2 * rho * y[1]!) - 1e-9, describe: () => 'a threshold denominator -> 0' },
      { reason: 'up', value: (y) => big - y[1]!, describe: () => "w' -> +inf" },
      // Above sigma* the solution bends down (w' < 0) before it fails; at and below sigma* w' > 0 throughout.
      { reason: 'down', value: (y) => y[1]!, describe: () => "w' < 0" },
    ],
    invalid: (y, rho) => !(Math.min(1 + y[0]!, 1 + y[0]! + 2 * rho * y[1]!) > 0),
  });
  let end: Shot['end'] = r.stop.reason === 'completed' ? 'done' : (r.stop.reason as Shot['end']);
  if (r.stop.reason === 'max-steps' || r.stop.reason === 'nan') {
    // A singularity where the steps collapse: classify by the last slope.
    const last = r.y[r.y.length - 1]!;
    end = 1 + last[0]! + 2 * r.stop.t * last[1]! <= 1e-6 ? 'pole' : last[1]! > 0 ? 'up' : 'down';
  }
  return { end, rho: r.stop.t, rhoGrid: r.t, y: r.y };
}

/** Scaling solution and exponents of the LPA (Litim) for dimension d and N components. */
export function lpaFixedPointFull(opts: FullLpaOptions): FullLpaResult {
  const { d, N } = opts;
  if (!(d > 2 && d < 4)) throw new NumericalError(`the full-function LPA fixed point is searched for 2 < d < 4 (got d = ${d})`);
  const rhoMax = 1e3;
  // Bracket sigma*: scan w(0) in (-1, 0) for a change of the failure kind.
  const grid = Array.from({ length: 23 }, (_, i) => -0.99 + (0.99 * i) / 22);
  const kinds = grid.map((s) => shoot(s, d, N, rhoMax).end);
  let lo = NaN;
  let hi = NaN;
  for (let i = 0; i + 1 < grid.length; i++) {
    if (kinds[i] !== 'down' && kinds[i] !== 'done' && kinds[i + 1] === 'down') {
      lo = grid[i]!;
      hi = grid[i + 1]!;
      break;
    }
  }
  if (Number.isNaN(lo))
    throw new NumericalError(
      `no scaling solution found: the shooting from rho = 0 does not change its kind of failure for w(0) in (-1, 0) (d = ${d}, N = ${N})`,
    );
  let endLo = 0;
  let endHi = 0;
  // Bisection only needs to get close: the matching below converges sigma to full precision.
  for (let it = 0; it < 60 && hi - lo > 1e-9; it++) {
    const m = 0.5 * (lo + hi);
    const s = shoot(m, d, N, rhoMax);
    if (s.end === 'done') break; // reached rhoMax: as good as it gets
    if (s.end !== 'down') {
      lo = m;
      endLo = s.rho;
    } else {
      hi = m;
      endHi = s.rho;
    }
  }
  // The outward shot is only accurate to about half its failure radius (the growing mode): match it
  // there to an inward solution from large rho, w ~ A rho^(2/(d-2)), along which that mode decays.
  const rhoFail = Math.min(endLo || Infinity, endHi || Infinity);
  const rhoM = 0.5 * rhoFail;
  const rhoOut = 3 * rhoM;
  const p = 2 / (d - 2);
  const sigma0 = 0.5 * (lo + hi);
  const wIn = inner(sigma0, d, N, rhoM);
  // A from matching w alone (w_out grows with A): bracket by factors of 2, then regula falsi.
  // An inward solution that hits the pole 1 + w = 0 had too small an A (counted as below).
  const g = (A: number) => {
    const v = outer(A, d, N, rhoM, rhoOut)[0]! - wIn[0]!;
    return Number.isFinite(v) ? v : -Infinity;
  };
  // Come down from a large A (w_out far above w_in) to the first crossing: for very small A the inward
  // solution is not monotone in A (the Goldstone term dominates), so never start down there.
  let aHi = Math.max(1, (10 * Math.abs(wIn[0]!)) / rhoM ** p);
  let gHi = g(aHi);
  for (let k = 0; k < 60 && gHi < 0; k++) {
    aHi *= 2;
    gHi = g(aHi);
  }
  let aLo = aHi / 2;
  let gLo = g(aLo);
  for (let k = 0; k < 80 && gLo > 0; k++) {
    aHi = aLo;
    gHi = gLo;
    aLo /= 2;
    gLo = g(aLo);
  }
  if (!(gLo <= 0 && gHi >= 0))
    throw new NumericalError(`could not match the large-field solution w ~ A rho^${p} at rho = ${rhoM.toPrecision(4)} (d = ${d}, N = ${N})`);
  let x = [sigma0, aLo === aHi ? aLo : illinois(g, aLo, aHi, gLo, gHi, 1e-13 * aHi)];
  const mismatch = (v: number[]) => {
    const a = inner(v[0]!, d, N, rhoM);
    const b = outer(v[1]!, d, N, rhoM, rhoOut);
    return [a[0]! - b[0]!, a[1]! - b[1]!];
  };
  // Then Newton on (sigma, A) for w and w' together, damped (finite-difference Jacobian).
  let f = mismatch(x);
  for (let it = 0; it < 30; it++) {
    const J = [0, 1].map((j) => {
      const h = 1e-7 * Math.max(1e-3, Math.abs(x[j]!));
      const xp = x.slice();
      xp[j]! += h;
      const fp = mismatch(xp);
      return [(fp[0]! - f[0]!) / h, (fp[1]! - f[1]!) / h];
    });
    // J[j] is column j
    const det = J[0]![0]! * J[1]![1]! - J[1]![0]! * J[0]![1]!;
    const dx = [(-f[0]! * J[1]![1]! + f[1]! * J[1]![0]!) / det, (-J[0]![0]! * f[1]! + J[0]![1]! * f[0]!) / det];
    const norm = (v: number[]) => Math.hypot(v[0]!, v[1]!);
    let t = 1;
    let xn = x;
    let fn = f;
    for (let k = 0; k < 20; k++, t /= 2) {
      xn = [x[0]! + t * dx[0]!, x[1]! + t * dx[1]!];
      if (!(xn[1]! > 0) || !(1 + xn[0]! > 0)) continue;
      fn = mismatch(xn);
      if (fn.every(Number.isFinite) && norm(fn) < norm(f)) break;
    }
    if (norm(fn) >= norm(f)) break; // converged to rounding
    x = xn;
    f = fn;
    if (Math.abs(t * dx[0]!) < 1e-15 && Math.abs(t * dx[1]!) < 1e-14 * Math.abs(x[1]!)) break;
  }
  if (!x.every(Number.isFinite) || Math.abs(x[0]! - sigma0) > 1e-3) {
    throw new NumericalError(`matching the fixed-point solution at rho = ${rhoM.toPrecision(4)} failed (d = ${d}, N = ${N})`);
  }
  const sigma = x[0]!;
  const A = x[1]!;
  const fp = shoot(sigma, d, N, rhoM, 0);
  const rhoEnd = rhoM;

  // The minimum: w(kappa) = 0, by linear interpolation on the accepted steps then one secant refinement.
  let kappa: number | null = null;
  let lambda2: number | null = null;
  if (sigma < 0) {
    for (let k = 1; k < fp.rhoGrid.length; k++) {
      const [w1, w2] = [fp.y[k - 1]![0]!, fp.y[k]![0]!];
      if (w1 < 0 && w2 >= 0) {
        const [r1, r2] = [fp.rhoGrid[k - 1]!, fp.rhoGrid[k]!];
        // cubic Hermite root on [r1, r2] using w and w'
        const [p1, p2] = [fp.y[k - 1]![1]!, fp.y[k]![1]!];
        const h = r2 - r1;
        const H = (s: number) => {
          const t = (s - r1) / h;
          return (2 * t ** 3 - 3 * t ** 2 + 1) * w1 + (t ** 3 - 2 * t ** 2 + t) * h * p1 + (-2 * t ** 3 + 3 * t ** 2) * w2 + (t ** 3 - t ** 2) * h * p2;
        };
        let a = r1,
          b = r2;
        for (let i = 0; i < 100; i++) {
          const m = 0.5 * (a + b);
          if (H(m) < 0) a = m;
          else b = m;
        }
        // Newton on w(kappa) = 0 with fresh integrations to kappa: w' there is l2 of the minimum expansion.
        let kap = 0.5 * (a + b);
        let st = inner(sigma, d, N, kap);
        for (let i = 0; i < 5; i++) {
          kap -= st[0]! / st[1]!;
          st = inner(sigma, d, N, kap);
        }
        kappa = kap;
        lambda2 = st[1]!;
        break;
      }
    }
    if (kappa === null) {
      // The minimum lies beyond the matching point: find it on the inward solution from large field.
      const wAt = (rho: number) => outer(A, d, N, rho, rhoOut);
      const grid = Array.from({ length: 65 }, (_, i) => rhoM + ((rhoOut - rhoM) * i) / 64);
      let prev = wAt(grid[0]!);
      for (let i = 1; i < grid.length && kappa === null; i++) {
        const cur = wAt(grid[i]!);
        if (prev[0]! < 0 && cur[0]! >= 0) {
          let kap = grid[i - 1]! - (prev[0]! * (grid[i]! - grid[i - 1]!)) / (cur[0]! - prev[0]!);
          let st = wAt(kap);
          for (let k = 0; k < 6; k++) {
            kap -= st[0]! / st[1]!;
            st = wAt(kap);
          }
          kappa = kap;
          lambda2 = st[1]!;
        }
        prev = cur;
      }
    }
  }

  const ev = eigenvaluesFull(d, N, sigma, A, rhoM, rhoOut, opts);
  const { nu, omega } = exponents(ev);
  const step = Math.max(1, Math.floor(fp.rhoGrid.length / 200));
  const idx = fp.rhoGrid.map((_, i) => i).filter((i) => i % step === 0 && fp.rhoGrid[i]! <= rhoEnd);
  return {
    d,
    N,
    sigma,
    kappa,
    lambda2,
    potential: { rho: idx.map((i) => fp.rhoGrid[i]!), w: idx.map((i) => fp.y[i]![0]!) },
    rhoEnd,
    amplitude: A,
    eigenvalues: ev,
    nu,
    omega,
    units: "rho and u rescaled by c_d = 1/(2^(d-1) d pi^(d/2) Gamma(d/2)): rho -> c_d rho, u -> c_d u (w = u' unchanged)",
  };
}

/** State [w, w', (v, v')] at rhoM, integrated outward from the regular start at rho = 0. */
export function inner(sigma: number, d: number, N: number, rhoM: number, lambda?: number): number[] {
  const { a, w0, wp0 } = seriesStart(sigma, d, N);
  const y0 = [w0, wp0];
  if (lambda !== undefined) {
    // v(0) = 1, v'(0) from the rho^0 order of the linearized equation.
    const b1 = (-(lambda + 2) * (1 + sigma) ** 2 + (2 * (N + 2) * a[1]!) / (1 + sigma)) / (N + 2);
    y0.push(1 + b1 * RHO0, b1);
  }
  return integrate(rhs(d, N, lambda), RHO0, y0, rhoM, { rtol: 1e-13, atol: 1e-15, maxSteps: 50000 }).stop.y;
}

/** State at rhoM integrated inward from rhoOut, starting on w = A rho^p (p = 2/(d-2)), v = rho^q (q = (lambda+2)/(d-2)). */
export function outer(A: number, d: number, N: number, rhoM: number, rhoOut: number, lambda?: number): number[] {
  const p = 2 / (d - 2);
  const y0 = [A * rhoOut ** p, p * A * rhoOut ** (p - 1)];
  if (lambda !== undefined) {
    const q = (lambda + 2) / (d - 2);
    y0.push(rhoOut ** q, q * rhoOut ** (q - 1));
  }
  return integrate(rhs(d, N, lambda), rhoOut, y0, rhoM, { rtol: 1e-13, atol: 1e-15, maxSteps: 200000 }).stop.y;
}

/**
 * Eigenvalues of the linearized flow around the scaling solution: lambda where the regular solution
 * from rho = 0 and the decaying-growth solution from large rho are proportional at rhoM (their
 * Wronskian vanishes).
 */
function eigenvaluesFull(d: number, N: number, sigma: number, A: number, rhoM: number, rhoOut: number, opts: FullLpaOptions): Eigenvalue[] {
  const f = (lambda: number): number => {
    const a = inner(sigma, d, N, rhoM, lambda);
    const b = outer(A, d, N, rhoM, rhoOut, lambda);
    const W = a[2]! * b[3]! - a[3]! * b[2]!;
    return W / (Math.hypot(a[2]!, a[3]!) * Math.hypot(b[2]!, b[3]!));
  };
  const [l0, l1] = opts.lambdaRange ?? [-2.2, 4];
  const h = opts.lambdaStep ?? 0.25;
  const out: Eigenvalue[] = [];
  let xa = l0;
  let fa = f(xa);
  for (let x = l0 + h; x <= l1 + 1e-12 && out.length < (opts.count ?? 4); x += h) {
    const fb = f(x);
    if (Number.isFinite(fa) && Number.isFinite(fb) && Math.sign(fa) !== Math.sign(fb)) {
      out.push({ re: illinois(f, xa, x, fa, fb, 1e-12), im: 0 });
    }
    xa = x;
    fa = fb;
  }
  return out;
}

/** Root of f in [a, b] (f(a), f(b) of opposite signs) by the Illinois variant of regula falsi. */
function illinois(f: (x: number) => number, a: number, b: number, fa: number, fb: number, tol: number): number {
  let side = 0;
  for (let i = 0; i < 100 && Math.abs(b - a) > tol; i++) {
    const c = (a * fb - b * fa) / (fb - fa);
    const fc = f(c);
    if (!Number.isFinite(fc) || fc === 0) return c;
    if (Math.sign(fc) === Math.sign(fb)) {
      b = c;
      fb = fc;
      if (side === -1) fa /= 2;
      side = -1;
    } else {
      a = c;
      fa = fc;
      if (side === 1) fb /= 2;
      side = 1;
    }
    if (Math.abs(b - a) <= tol) break;
  }
  return Math.abs(fa) < Math.abs(fb) ? a : b;
}
