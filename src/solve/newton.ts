import { solveLinear } from '../numeric/index.js';

export interface NewtonOptions {
  maxIterations?: number;
  /**
   * Relative step tolerance: converged when every |dx_i| <= tol (|x_i| + floor) after a step that did
   * not increase the residual. Couplings of one truncation span many decades (u_2n ~ c_d^(1-n)), so
   * the test is per component, not on a norm.
   */
  tol?: number;
  /** Absolute floor for components that tend to 0 (default 1e-13). */
  floor?: number;
  /** Points where F is not to be evaluated (e.g. beyond a pole): the step is halved until outside. */
  admissible?: (x: number[]) => boolean;
}

export interface NewtonResult {
  x: number[];
  converged: boolean;
  iterations: number;
  /** max_i |F_i| at x. */
  residual: number;
}

/**
 * Damped Newton with the exact Jacobian. The linear system is equilibrated (columns scaled by |x_j|,
 * rows by their largest entry) because the couplings differ by many orders of magnitude; steps are
 * halved until the residual (rows scaled the same way) decreases.
 */
export function newton(F: (x: number[]) => number[], J: (x: number[]) => number[][], x0: number[], opts: NewtonOptions = {}): NewtonResult {
  const maxIt = opts.maxIterations ?? 100;
  const tol = opts.tol ?? 1e-11;
  const floor = opts.floor ?? 1e-13;
  const ok = (x: number[]) => x.every(Number.isFinite) && (opts.admissible?.(x) ?? true);
  const maxAbs = (v: number[]) => Math.max(0, ...v.map(Math.abs));
  let x = x0.slice();
  if (!ok(x)) return { x, converged: false, iterations: 0, residual: Infinity };
  let f = F(x);
  let tiny = 0;
  for (let it = 1; it <= maxIt; it++) {
    if (!f.every(Number.isFinite)) return { x, converged: false, iterations: it, residual: Infinity };
    if (maxAbs(f) === 0) return { x, converged: true, iterations: it, residual: 0 };
    const Jx = J(x);
    const col = x.map((v) => Math.max(Math.abs(v), 1e-8));
    const rowScale = Jx.map((row) => 1 / Math.max(1e-300, ...row.map((v, j) => Math.abs(v * col[j]!))));
    const A = Jx.map((row, i) => row.map((v, j) => v * col[j]! * rowScale[i]!));
    const y = solveLinear(
      A,
      f.map((v, i) => -v * rowScale[i]!),
    );
    if (!y) return { x, converged: false, iterations: it, residual: maxAbs(f) };
    const dx = y.map((v, j) => v * col[j]!);
    const r = maxAbs(f.map((v, i) => v * rowScale[i]!));
    let lambda = 1;
    let xn = x;
    let fn = f;
    let accepted = false;
    for (let k = 0; k < 30; k++, lambda /= 2) {
      xn = x.map((v, i) => v + lambda * dx[i]!);
      if (!ok(xn)) continue;
      fn = F(xn);
      const rn = maxAbs(fn.map((v, i) => v * rowScale[i]!));
      if (Number.isFinite(rn) && rn <= r) {
        accepted = true;
        break;
      }
    }
    const rel = Math.max(...dx.map((d, i) => Math.abs(d) / (Math.abs(x[i]!) + floor)));
    const small = rel <= tol;
    // High-order betas cancel terms of size ~1e25 in double precision: the residual then stalls at
    // rounding noise. A step that cannot reduce it, or steps that stay tiny, mean the root is resolved.
    if (!accepted) return { x, converged: rel <= 1e-7, iterations: it, residual: maxAbs(f) };
    tiny = rel <= 1e-8 ? tiny + 1 : 0;
    x = xn;
    f = fn;
    if (tiny >= 3) return { x, converged: true, iterations: it, residual: maxAbs(f) };
    // A full step below tolerance means the root is resolved (further halving only chases rounding noise).
    if (small) return { x, converged: true, iterations: it, residual: maxAbs(f) };
  }
  return { x, converged: false, iterations: maxIt, residual: maxAbs(f) };
}
