/**
 * One hidden layer of width N, ReLU, sigma_b = 0, inputs x > 0 (d_in = 1): relu(w x) = x relu(w), so
 * f(x) = x S with S = sum_j a_j, a_j = W1_j relu(w_j), W1 ~ N(0, sw^2/N), w ~ N(0, sw^2). Every
 * correlator is then G_n(x_1 ... x_n) = x_1 ... x_n E S^n, in closed form:
 *   E relu(w)^k = sw^k (k-1)!!/2 (k even), so mu2 = E a^2 = sw^4/(2N), mu4 = 9 sw^8/(2N^2), mu6 = 225 sw^12/(2N^3);
 *   moments of a sum of N iid mean-zero terms: E S^2 = N mu2, E S^4 = N mu4 + 3N(N-1) mu2^2,
 *   E S^6 = N mu6 + 15N(N-1) mu4 mu2 + 15N(N-1)(N-2) mu2^3.
 * E.g. E S^4 = sw^8 (3/4 + 15/(4N)), E S^6 = sw^12 (15N^2 + 225N + 660)/(8N^2).
 */
export function reluNoBiasMoments(sw: number, N: number): { '2': number; '4': number; '6': number } {
  const mu2 = sw ** 4 / (2 * N);
  const mu4 = (9 * sw ** 8) / (2 * N ** 2);
  const mu6 = (225 * sw ** 12) / (2 * N ** 3);
  return {
    '2': N * mu2,
    '4': N * mu4 + 3 * N * (N - 1) * mu2 ** 2,
    '6': N * mu6 + 15 * N * (N - 1) * mu4 * mu2 + 15 * N * (N - 1) * (N - 2) * mu2 ** 3,
  };
}
