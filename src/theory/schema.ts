import { z } from 'zod';
import { ACTIVATIONS } from '../activations/index.js';
import { REGULATOR_NAMES } from '../regulators/index.js';
import { SCHEME_NAMES } from '../schemes/index.js';
import { LIMITS, type Limit } from './limits.js';

const finite = z.number().finite();
const positive = finite.positive();
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
    /** Spacetime dimension d (defaults to the network's d_in, else 3). */
    dimension: upTo(positive, LIMITS.dimension).optional(),
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
    bags: upTo(posInt, LIMITS.bags).default(20),
    nets: upTo(posInt, LIMITS.nets).default(30000),
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

export const theorySchema = z
  .object({
    name: z.string().min(1).optional(),
    network: networkSchema.optional(),
    field_theory: fieldTheorySchema.default(fieldTheorySchema.parse({})),
    ensemble: ensembleSchema.default(ensembleSchema.parse({})),
    flow: flowSchema.default(flowSchema.parse({})),
    fixed_points: fixedPointsSchema.default(fixedPointsSchema.parse({})),
    scan: scanSchema.default({}),
  })
  .strict();

export type RawTheory = z.infer<typeof theorySchema>;
