import { solveLinear } from './linalg.js';

export interface NewtonOptions {
  maxIterations?: number;
  /** Converged when max_i |F_i| <= tol * (1 + max|x|) and the last step was below tol too. */
  tol?: number;
  /** Points where F is not to be evaluated (e.g. beyond a pole): the step is halved until outside. */
  admissible?: (x: number[]) => boolean;
}

export interface NewtonResult {
  x: number[];
  converged: boolean;
  iterations: number;
  residual: number;
}

const norm = (v: number[]) => Math.max(0, ...v.map(Math.abs));

/** Damped Newton with the exact Jacobian: full steps when they reduce |F|, else halved (backtracking). */
export function newton(F: (x: number[]) => number[], J: (x: number[]) => number[][], x0: number[], opts: NewtonOptions = {}): NewtonResult {
  const maxIt = opts.maxIterations ?? 100;
  const tol = opts.tol ?? 1e-12;
  const ok = (x: number[]) => x.every(Number.isFinite) && (opts.admissible?.(x) ?? true);
  let x = x0.slice();
  if (!ok(x)) return { x, converged: false, iterations: 0, residual: Infinity };
  let f = F(x);
  let r = norm(f);
  for (let it = 1; it <= maxIt; it++) {
    if (!Number.isFinite(r)) return { x, converged: false, iterations: it, residual: r };
    const dx = solveLinear(J(x), f.map((v) => -v));
    if (!dx) return { x, converged: false, iterations: it, residual: r };
    let lambda = 1;
    let xn = x;
    let fn = f;
    let rn = Infinity;
    for (let k = 0; k < 30; k++, lambda /= 2) {
      xn = x.map((v, i) => v + lambda * dx[i]!);
      if (!ok(xn)) continue;
      fn = F(xn);
      rn = norm(fn);
      if (rn < r || (rn <= tol * (1 + norm(xn)))) break;
    }
    if (!Number.isFinite(rn)) return { x, converged: false, iterations: it, residual: r };
    const step = lambda * norm(dx);
    x = xn;
    f = fn;
    r = rn;
    if (r <= tol * (1 + norm(x)) && step <= Math.sqrt(tol) * (1 + norm(x))) return { x, converged: true, iterations: it, residual: r };
    if (r <= 1e-3 * tol * (1 + norm(x))) return { x, converged: true, iterations: it, residual: r };
  }
  return { x, converged: r <= tol * (1 + norm(x)), iterations: maxIt, residual: r };
}
