import { z } from 'zod';
import { ACTIVATIONS } from '../activations/index.js';
import { REGULATOR_NAMES } from '../regulators/index.js';
import { SCHEME_NAMES } from '../schemes/index.js';
import { LIMITS, type Limit } from './limits.js';

const finite = z.number().finite();
const positive = finite.positive();
const nonNegative = finite.nonnegative();
const posInt = z.number().int().min(1);
/** At most `limit.max`; the error says why (load.ts adds the reason to "expected a number <= max"). */
const upTo = <T extends z.ZodNumber>(s: T, limit: Limit) => s.max(limit.max, { message: limit.why });
const evenTruncation = upTo(z.number().int().min(4), LIMITS.truncation).refine((n) => n % 2 === 0, { message: 'an even integer >= 4' });
const sigma = upTo(finite, LIMITS.sigma);
const point = z.union([finite, z.array(finite).min(1)]);

export const networkSchema = z
  .object({
    activation: z.enum(ACTIVATIONS).default('gauss'),
    d_in: posInt.default(1),
    d_out: posInt.default(1),
    sigma_w: sigma
      .positive()
      .min(1 / LIMITS.sigma.max, { message: LIMITS.sigma.why })
      .default(1),
    sigma_b: sigma.nonnegative().default(1),
    widths: z.array(posInt).min(1).default([2, 3, 4, 5, 10, 20, 50, 100, 500, 1000]),
    depth: upTo(posInt, LIMITS.depth).default(1),
  })
  .strict();

export const fieldTheorySchema = z
  .object({
    /** Spacetime dimension d (defaults to the network's d_in, else 3); 0 for a finite-dimensional theory (mass regulator). */
    dimension: upTo(nonNegative, LIMITS.dimension).optional(),
    /** N of the O(N) theory (defaults to the network's d_out, else 1). */
    components: posInt.optional(),
    /** Highest power of phi kept in the potential (even, >= 4). */
    truncation: evenTruncation.default(6),
    scheme: z.enum(SCHEME_NAMES).default('wetterich'),
    /** Defaults to kernel with a network section, else litim. */
    regulator: z.enum(REGULATOR_NAMES).optional(),
    expand: z.enum(['zero', 'minimum']).default('zero'),
    dimensionful: z.boolean().default(false),
  })
  .strict();

/** Field normalizations of the measured couplings: the physical field f, or phi with <phi phi> = K_k. */
export const NORMALIZATIONS = ['physical', 'kk'] as const;
export type Normalization = (typeof NORMALIZATIONS)[number];

/**
 * What `nnrg sample` averages: 'marginalized' the cumulants of the output covariance C given the hidden
 * layer (the readout integrated out exactly), 'plain' the products of the outputs (docs/sampler.md).
 */
export const ESTIMATORS = ['marginalized', 'plain'] as const;
export type Estimator = (typeof ESTIMATORS)[number];

export const ensembleSchema = z
  .object({
    points: z.array(point).min(1).optional(),
    bags: upTo(posInt, LIMITS.bags).default(20),
    nets: upTo(posInt, LIMITS.nets).default(30000),
    seed: z.number().int().min(0).default(42),
    /** The hidden width N of one run: one for all layers, or a list of network.depth widths (one per hidden layer). */
    width: z.union([posInt, z.array(posInt).min(1)]).optional(),
    threads: posInt.optional(),
    normalization: z.enum(NORMALIZATIONS).default('physical'),
    estimator: z.enum(ESTIMATORS).default('marginalized'),
    /** Box half-width for the coupling integrals of non-Gaussian kernels (src/fit); default 1. */
    cutoff: positive.optional(),
  })
  .strict();

export const flowSchema = z
  .object({
    from: finite.default(0),
    to: finite.default(-10),
    couplings: z.record(z.string(), finite).default({}),
    rtol: positive.default(1e-10),
    atol: positive.default(1e-12),
  })
  .strict();

export const fixedPointsSchema = z
  .object({
    /** Inclusive range of truncation orders, e.g. "4..24" (a [4, 24] pair once loaded). */
    orders: z
      .string()
      .regex(/^\d+\.\.\d+$/, 'a range like 4..24')
      .optional(),
    method: z.enum(['polynomial', 'full']).default('polynomial'),
  })
  .strict();

export const scanSchema = z
  .object({
    sigma_w: z.array(positive).min(1).optional(),
  })
  .strict();

/** Input measures of GP-regression data (`nnrg gp-rg`): uniform on the sphere of radius sqrt(d_in), or x ~ N(0, 1). */
export const MEASURES = ['sphere', 'gaussian'] as const;

export const dataSchema = z
  .object({
    measure: z.enum(MEASURES).default('sphere'),
    /** Training points per data set. */
    n: posInt,
    /** sigma^2 of the GP likelihood (the ridge). */
    ridge: positive,
    /** The target: a weight (its mean square) per degree. */
    target: z.array(z.object({ degree: z.number().int().min(0), weight: positive }).strict()).min(1),
    test_points: posInt.default(1000),
    /** 0: predictions only; error bars need at least 2. */
    datasets: z
      .number()
      .int()
      .min(0)
      .refine((k) => k !== 1, { message: '0 (predictions only) or an integer >= 2 (error bars need two data sets)' })
      .default(20),
    seed: z.number().int().min(0).default(1),
    /** Highest degree of the computed spectrum (default: enough for the flow to start among unlearnable shells). */
    degrees: z.number().int().min(0).optional(),
    threshold: positive.default(1),
  })
  .strict();

/**
 * Data sets for Bayesian training (nnrg brg): `n` training and `test` held-out points from `measure`
 * (uniform on the unit sphere S^{d-1}, or N(0, I_d)), labels y = f*(x) + noise of variance `ridge`.
 * The key brg.data: its targets (a GP draw, a linear function) differ from gp-rg's degree weights.
 */
export const BRG_MEASURES = ['sphere', 'gaussian'] as const;
export const BRG_TARGETS = ['gp', 'linear'] as const;
export const brgDataSchema = z
  .object({
    measure: z.enum(BRG_MEASURES).default('gaussian'),
    n: posInt.default(64),
    /** sigma^2: the noise variance of the Gaussian likelihood (the ridge of kernel regression). */
    ridge: positive.default(0.01),
    /** gp: a draw of the infinite-width GP on train and test points; linear: f*(x) = x_1. */
    target: z.enum(BRG_TARGETS).default('gp'),
    test: posInt.default(32),
    datasets: posInt.default(4),
    seed: z.number().int().min(0).default(0),
  })
  .strict();

/** The data section's defaults (nnrg brg without a data section). */
export const brgDataDefaults = () => brgDataSchema.parse({});

export const FISHER_KINDS = ['last-layer', 'diagonal', 'full'] as const;
export const BRG_SCHEMES = ['resample', 'marginalize'] as const;

/** Bayesian RG (nnrg brg): the Fisher metric, the information-shell scheme and cutoffs, the ensemble. */
export const brgSchema = z
  .object({
    fisher: z.enum(FISHER_KINDS).default('last-layer'),
    scheme: z.enum(BRG_SCHEMES).default('resample'),
    /** Information cutoffs Lambda (default: 24 log-spaced values spanning the measured spectrum). */
    cutoffs: z.array(nonNegative).min(1).optional(),
    width: posInt.default(128),
    /** Networks per data set. */
    nets: posInt.default(16),
    seed: z.number().int().min(0).default(1),
    /** Lambda_C: the first cutoff whose error exceeds the trained one by this fraction (and by 2 standard errors). */
    rise: positive.default(0.01),
    /** The data sets the networks are trained on (nnrg gp-rg's `data` section has its own keys). */
    data: brgDataSchema.optional(),
  })
  .strict();

/** The generalized cos-net f(x) = sum_i a_i A cos(p_i.x + c_i)/sqrt(p_i^2 + m^2), p_i uniform in |p| < R. */
export const cosnetSchema = z
  .object({
    m: positive.default(1),
    R: positive.default(5),
    d: posInt.default(3),
    width: posInt.default(1024),
    nets: posInt.default(64),
    /** Points (from data.measure) of the data set whose Fisher metric orders the modes. */
    n: posInt.default(4096),
    /** Those points are spread x (x from data.measure): the extent of the data in units of 1/m. */
    spread: positive.default(1),
    /** Momentum cutoffs k (each <= R) at which the coarse-grained 2-point function is compared with G_k(r). */
    k: z.array(positive).min(1).optional(),
    r: z.array(nonNegative).min(1).default([0, 0.5, 1]),
    seed: z.number().int().min(0).default(2),
  })
  .strict();

export const theorySchema = z
  .object({
    name: z.string().min(1).optional(),
    network: networkSchema.optional(),
    field_theory: fieldTheorySchema.default(fieldTheorySchema.parse({})),
    ensemble: ensembleSchema.default(ensembleSchema.parse({})),
    flow: flowSchema.default(flowSchema.parse({})),
    fixed_points: fixedPointsSchema.default(fixedPointsSchema.parse({})),
    scan: scanSchema.default({}),
    data: dataSchema.optional(),
    brg: brgSchema.optional(),
    cosnet: cosnetSchema.optional(),
  })
  .strict();

export type RawTheory = z.infer<typeof theorySchema>;
