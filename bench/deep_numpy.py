"""A deep ReLU network ensemble as a plain vectorized numpy script (the end-to-end comparison of docs/sampler.md;
nnrg does not use it): d_in = 1, the six default points, depth L, width N per layer, sigma_w = sigma_b = 1, the
readout-marginalized estimator: per network the last hidden layer H (N x 6), C = sigma_b^2 + sigma_w^2/N H^T H
(its 21 entries), D = C - K (K here: the batch mean, the centring does not change the work), and the sums of D_a,
D_a D_b, D_a D_b D_c over the networks (all ordered pairs and triples: more than the multisets nnrg sums).
With a fourth argument `points`, layers >= 2 are drawn as nnrg draws them: given the previous layer, a neuron's
pre-activations at the six points are Gaussian with covariance sigma_b^2 + sigma_w^2/N H^T H, so each layer takes
six Gaussians per neuron and a batched Cholesky factor instead of N x N weights (the same ensemble).
Usage: OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 python3 deep_numpy.py WIDTH DEPTH NETS [weights|points]
Prints networks per second and the multiply-adds per second of the hidden layers counted as L N^2 per point
(CPU time of this process).
"""
import sys
import time

import numpy as np

N = int(sys.argv[1]) if len(sys.argv) > 1 else 100
L = int(sys.argv[2]) if len(sys.argv) > 2 else 3
NETS = int(sys.argv[3]) if len(sys.argv) > 3 else 20000
MODE = sys.argv[4] if len(sys.argv) > 4 else "weights"
BATCH = 500
sw, sb = 1.0, 1.0
x = np.array([-1.0, -0.6, -0.2, 0.2, 0.6, 1.0])
P = len(x)
iu = np.triu_indices(P)
rng = np.random.default_rng(42)
S1 = np.zeros(len(iu[0]))
S2 = np.zeros((len(iu[0]),) * 2)
S3 = np.zeros((len(iu[0]),) * 3)

t0 = time.process_time()
done = 0
while done < NETS:
    B = min(BATCH, NETS - done)
    # layer 1: (B, N, P)
    h = np.maximum(rng.standard_normal((B, N, 1)) * sw * x[None, None, :] + sb * rng.standard_normal((B, N, 1)), 0.0)
    for _ in range(1, L):
        if MODE == "points":
            F = np.linalg.cholesky(sb**2 + sw**2 / N * np.matmul(h.transpose(0, 2, 1), h))  # (B, P, P)
            h = np.maximum(np.matmul(rng.standard_normal((B, N, P)), F.transpose(0, 2, 1)), 0.0)
        else:
            W = rng.standard_normal((B, N, N)) * (sw / np.sqrt(N))
            b = rng.standard_normal((B, N, 1)) * sb
            h = np.maximum(np.matmul(W, h) + b, 0.0)
    C = sb**2 + sw**2 / N * np.matmul(h.transpose(0, 2, 1), h)  # (B, P, P)
    D = C[:, iu[0], iu[1]]
    D = D - D.mean(0)
    S1 += D.sum(0)
    S2 += D.T @ D
    S3 += np.einsum("na,nb,nc->abc", D, D, D, optimize=True)
    done += B
t = time.process_time() - t0
madds = P * (N + (L - 1) * N * N)
print(f"numpy deep relu N={N} L={L} ({MODE}): {NETS / t:.1f} networks/s, {NETS * madds / t:.3e} multiply-adds/s (hidden layers), {t:.2f} s CPU")
