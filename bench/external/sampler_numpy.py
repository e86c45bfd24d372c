"""The sampler's work as a straightforward vectorized numpy script (for docs/sampler.md; nnrg does not
use it): GaussNet, d_in = 1, 6 points, batches of networks, all multisets of orders 2, 4, 6.
Usage: python3 sampler_numpy.py WIDTH NETS  -> prints networks per second (CPU time of this process).
"""
import itertools
import sys
import time

import numpy as np

N = int(sys.argv[1]) if len(sys.argv) > 1 else 100
NETS = int(sys.argv[2]) if len(sys.argv) > 2 else 100000
BATCH = 10000
sw, sb = 1.0, 1.0
x = np.array([-0.01, -0.006, -0.002, 0.002, 0.006, 0.01])
V = sb**2 + sw**2 * x**2
idx = {n: np.array(list(itertools.combinations_with_replacement(range(6), n))) for n in (2, 4, 6)}
sums = {n: np.zeros(len(idx[n])) for n in idx}
rng = np.random.default_rng(42)

t0 = time.process_time()
done = 0
while done < NETS:
    B = min(BATCH, NETS - done)
    W0 = rng.standard_normal((B, N)) * sw
    b0 = rng.standard_normal((B, N)) * sb
    xi = rng.standard_normal((B, N))
    b1 = rng.standard_normal(B) * sb
    g = np.exp(W0[:, :, None] * x[None, None, :] + b0[:, :, None] - V[None, None, :])  # (B, N, 6)
    f = b1[:, None] + sw / np.sqrt(N) * np.einsum("bn,bnp->bp", xi, g)  # (B, 6)
    for n in idx:
        sums[n] += f[:, idx[n]].prod(axis=2).sum(axis=0)
    done += B
dt = time.process_time() - t0
print(f"numpy width {N}: {NETS / dt:.0f} networks/s ({NETS} networks, {dt:.2f} s CPU; G2(0,0) = {sums[2][0] / NETS:.4f})")
