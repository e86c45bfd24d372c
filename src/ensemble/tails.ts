/**
 * Hill's estimator of the tail index alpha (P(X > t) ~ t^-alpha) from the k+1 largest values,
 * sorted descending: alpha = k / sum_{i<k} ln(X_i / X_k), asymptotic standard error alpha/sqrt(k).
 */
export function hill(descending: number[], k: number): { alpha: number; stderr: number } {
  const xk = descending[k]!;
  let s = 0;
  for (let i = 0; i < k; i++) s += Math.log(descending[i]! / xk);
  const alpha = s > 0 ? k / s : Number.POSITIVE_INFINITY;
  return { alpha, stderr: alpha / Math.sqrt(k) };
}
