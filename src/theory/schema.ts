import { z } from 'zod';
import { ACTIVATIONS } from '../activations/index.js';
import { REGULATOR_NAMES } from '../regulators/index.js';
import { SCHEME_NAMES } from '../schemes/index.js';

const finite = z.number().finite();
const positive = finite.positive();
const nonNegative = finite.nonnegative();
const posInt = z.number().int().min(1);
const evenTruncation = z
  .number()
  .int()
  .min(4)
  .refine((n) => n % 2 === 0, { message: 'an even integer >= 4' });
const point = z.union([finite, z.array(finite).min(1)]);

export const networkSchema = z
  .object({
    activation: z.enum(ACTIVATIONS).default('gauss'),
    d_in: posInt.default(1),
    d_out: posInt.default(1),
    sigma_w: positive.default(1),
    sigma_b: nonNegative.default(1),
    widths: z.array(posInt).min(1).default([2, 3, 4, 5, 10, 20, 50, 100, 500, 1000]),
    depth: posInt.default(1),
  })
  .strict();

export const fieldTheorySchema = z
  .object({
    /** Spacetime dimension d (defaults to the network's d_in, else 3). */
    dimension: positive.optional(),
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

export const ensembleSchema = z
  .object({
    points: z.array(point).min(1).optional(),
    bags: posInt.default(20),
    nets: posInt.default(30000),
    seed: z.number().int().min(0).default(42),
    width: posInt.optional(),
    threads: posInt.optional(),
    normalization: z.enum(NORMALIZATIONS).default('physical'),
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
  })
  .strict();

export type RawTheory = z.infer<typeof theorySchema>;
