import { constants } from 'node:buffer';

/**
 * The largest values nnrg accepts, each with the reason it cannot hold more (docs/guide.md, "Limits").
 * The theory schema, the command-line parsers (cli/common.ts) and the stages read these records; the
 * stages estimate what depends on the machine or on several values (memory, document size) at run time.
 */
export interface Limit {
  max: number;
  /** Why: what in the code or the computation stops at `max`. */
  why: string;
}

export const LIMITS = {
  /** The sampler's loop over a bag's networks is a 32-bit counter stepping by 2. */
  nets: { max: 2 ** 31 - 2, why: 'the WebAssembly sampler counts the networks of a bag in a 32-bit integer' },
  /** The bag index is a 32-bit argument of the sampler (the document size bounds bags far lower). */
  bags: { max: 2 ** 31 - 1, why: 'the WebAssembly sampler takes the bag index as a 32-bit integer' },
  /**
   * Derivation time and memory grow about as order^7 (measured on 2 cores: phi^32 3 s, phi^40 9 s,
   * phi^48 35 s and 1 GB; phi^64 did not finish in 5 minutes and held 3 GB); fixed-points repeats
   * the derivation for each order of its continuation (phi^40: 160 s).
   */
  truncation: { max: 48, why: 'derivation time and memory grow about as order^7: 35 s and 1 GB at phi^48, and phi^64 exhausts the heap' },
  /**
   * Correlators are measured on every multiset of up to 6 points: C(P+5, 6) six-point entries (475,020
   * at P = 24). Exact correlators at 24 points take 112 s and 0.85 GB (measured on 2 cores; 28 points:
   * 282 s and 1.4 GB, growing about as P^6); a sampled document holds ~300 MB plus 17 MB per bag there.
   */
  correlatorPoints: { max: 24, why: 'the 6-point functions have C(P+5, 6) entries (475,020 at 24 points): time and memory grow about as P^6' },
  /** The kernel matrix, printed as JSON (one number of up to 24 characters per line), must fit in one string. */
  kernelPoints: { max: 4096, why: 'the P x P kernel matrix must fit in one JavaScript string when printed (4096^2 entries x 32 characters)' },
  /** A flow's trajectory (up to 26 columns: t and the couplings of phi^48) is printed as one JSON string. */
  flowSamples: { max: 500_000, why: 'the trajectory is printed as one JSON string (500,000 rows of up to 26 numbers)' },
  /**
   * Kernels without a closed form are 2-d quadratures (measured 47 ms per value for tanh, 183 ms for gelu);
   * the couplings' box integrals need tens of thousands of values: runs estimated above this are refused.
   */
  quadratureSeconds: { max: 600, why: 'a kernel without a closed form is a 2-d quadrature per value' },
  /**
   * GP regression (`nnrg gp-rg`) per data set: the n x n Cholesky factorization and the kernel values
   * between the n training and the test points (measured on 2 cores: ~2.5e-9 s per multiply-add of the
   * factorization, ~(d_in + 10) 2e-8 s per kernel value with its target modes). Runs estimated above
   * this are refused.
   */
  regressionSeconds: { max: 600, why: 'each data set factors an n x n matrix (n^3/3 multiply-adds) and evaluates n (n/2 + test_points) kernel values' },
  /** The kernel recursion is one pass over the P^2 pairs of points per layer (a 2-d quadrature each without a closed form). */
  depth: { max: 1000, why: 'the kernel recursion takes one pass over all pairs of points per layer' },
  /** sigma_w^2 and 1/sigma_w^2 enter the kernels and their momentum forms (sigma_w is at least 1e-150, too). */
  sigma: { max: 1e150, why: 'sigma^2 and 1/sigma^2 must stay within double precision, 1e-300 to 1e300' },
  /**
   * The threshold constant c_d = 1/(2^(d-1) d pi^(d/2) Gamma(d/2)) of the flows: 3.6e-120 at d = 100; it
   * underflows double precision near d = 180.
   */
  dimension: { max: 100, why: 'the threshold constant c_d underflows double precision near d = 180; it is 3.6e-120 at d = 100' },
} as const satisfies Record<string, Limit>;

/** The longest string V8 can make (2^29 - 24 characters): every document is written as one string. */
export const MAX_TEXT_CHARS: number = constants.MAX_STRING_LENGTH;
