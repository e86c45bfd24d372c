import { gaussLegendre, NumericalError } from '../numeric/index.js';

/**
 * The momentum-shell propagator of a free scalar of mass m in d dimensions with a sharp cutoff k,
 *
 *   G_k(r) = int_{|p|<k} d^dp/(2 pi)^d e^{i p.r} / (p^2 + m^2)
 *          = S_{d-1}/(2 pi)^d int_0^k dp p^{d-1} a_d(p r) / (p^2 + m^2),
 *
 * with S_{d-1} the area of the unit sphere in R^d and a_d(x) the average of e^{i x cos(theta)} over
 * directions: cos x (d = 1), J_0(x) (d = 2), sin(x)/x (d = 3). Closed forms at r = 0 in d = 1 and 3;
 * Gauss–Legendre panels (and, for d = 2 and d >= 4, an angular Gauss–Legendre rule) otherwise.
 */
export interface PropagatorValue {
  value: number;
  method: 'closed form' | 'quadrature';
}

/** Area of the unit sphere S^{d-1} in R^d: S_0 = 2, S_1 = 2 pi, S_{d-1} = 2 pi S_{d-3}/(d - 2). */
export function sphereArea(d: number): number {
  if (d === 1) return 2;
  if (d === 2) return 2 * Math.PI;
  return (2 * Math.PI * sphereArea(d - 2)) / (d - 2);
}

/** Volume of the ball of radius R in R^d: V_d = S_{d-1} R^d / d. */
export function ballVolume(d: number, R: number): number {
  return (sphereArea(d) * R ** d) / d;
}

/** Directional average of cos(x cos theta) over S^{d-1}: cos x, J_0(x), sin x / x, ... (angular quadrature for d = 2, d >= 4). */
export function angularAverage(d: number, x: number): number {
  if (d === 1) return Math.cos(x);
  if (d === 3) return Math.abs(x) < 1e-4 ? 1 - (x * x) / 6 + (x * x * x * x) / 120 : Math.sin(x) / x;
  // (1/Z) int_0^pi cos(x cos t) sin^{d-2} t dt, Z the same integral without the cosine; panels of <= 1/4 oscillation.
  const panels = Math.max(2, Math.ceil((2 * Math.abs(x)) / Math.PI));
  const gl = gaussLegendre(16);
  const h = Math.PI / panels;
  let num = 0;
  let den = 0;
  for (let q = 0; q < panels; q++) {
    const mid = (q + 0.5) * h;
    for (let i = 0; i < gl.x.length; i++) {
      const t = mid + 0.5 * h * gl.x[i]!;
      const w = gl.w[i]! * Math.sin(t) ** (d - 2);
      num += w * Math.cos(x * Math.cos(t));
      den += w;
    }
  }
  return num / den;
}

/** G_k(r) (see above); m > 0, k > 0, r >= 0. */
export function shellPropagator(d: number, m: number, k: number, r: number): PropagatorValue {
  if (!(m > 0 && k > 0 && r >= 0) || !Number.isInteger(d) || d < 1)
    throw new NumericalError(`G_k(r) needs d >= 1, m > 0, k > 0, r >= 0 (d ${d}, m ${m}, k ${k}, r ${r})`);
  if (r === 0 && d === 1) return { value: Math.atan(k / m) / (Math.PI * m), method: 'closed form' };
  if (r === 0 && d === 3) return { value: (k - m * Math.atan(k / m)) / (2 * Math.PI ** 2), method: 'closed form' };
  // Panels no wider than m (the poles at p = +-i m) and than a quarter period of the angular factor.
  const width = Math.min(m, r > 0 ? Math.PI / (2 * r) : Infinity, k);
  const panels = Math.ceil(k / width);
  if (panels > 200000) throw new NumericalError(`G_k(r): k r = ${k * r} needs too many quadrature panels`);
  const gl = gaussLegendre(20);
  const h = k / panels;
  let s = 0;
  for (let q = 0; q < panels; q++) {
    const mid = (q + 0.5) * h;
    for (let i = 0; i < gl.x.length; i++) {
      const p = mid + 0.5 * h * gl.x[i]!;
      s += (gl.w[i]! * p ** (d - 1) * angularAverage(d, p * r)) / (p * p + m * m);
    }
  }
  return { value: (0.5 * h * s * sphereArea(d)) / (2 * Math.PI) ** d, method: 'quadrature' };
}
