/**
 * The correlator documents of `nnrg sample | merge | exact` as zod schemas, checked on every read from
 * disk; the TypeScript types are inferred from them. Object keys are listed in the order the documents
 * are written: a parsed object keeps the schema's key order, and merge and resume write parts of it back.
 */
import { z } from 'zod';
import { ESTIMATORS, NORMALIZATIONS } from '../theory/index.js';
import { PRECISION_TARGETS } from './targets.js';
import { entryKeys, multisets } from './wick.js';

export const CORRELATOR_ORDERS = ['2', '4', '6'] as const;
export type CorrelatorOrder = (typeof CORRELATOR_ORDERS)[number];

/** zod 4 numbers are finite: JSON writes NaN and Infinity as null, which is refused here. */
const finite = z.number();
/** A statistic that is undefined in some documents (e.g. the spread of a single bag): NaN, written as null. */
const stat = z.union([z.number(), z.null()]).transform((v) => v ?? Number.NaN);
const count = z.number().int().min(0);
const positive = z.number().int().min(1);
const normalization = z.enum(NORMALIZATIONS);
const idx = z.array(count);
/** The output component of each factor (d_out >= 2 only; absent when d_out = 1). */
const components = z.array(count).optional();
const byOrder = <T extends z.ZodType>(s: T) => z.object({ '2': s, '4': s, '6': s });

/** One n-point function on a multiset of point indices. */
export const correlatorEntrySchema = z.object({
  idx,
  components,
  /** The full n-point function E[f(x_i1) ... f(x_in)]. */
  value: finite,
  /** Its standard error (0 for exact values). */
  stderr: stat,
  /** Infinite-width (Wick) value from the GP kernel. */
  gp: finite,
  /** m = (value - gp) / gp (NaN, written null, where gp = 0: entries that vanish by O(d_out) symmetry). */
  m: stat,
});

export const sampledEntrySchema = correlatorEntrySchema.extend({
  /** Standard deviation of the bag means (the bag-to-bag background). */
  spread: stat,
});

export const couplingEstimateSchema = z.object({
  mean: stat,
  stderr: stat,
  values: z.array(z.object({ idx, components, value: stat, stderr: stat })),
});

export const couplingsSchema = z.object({
  normalization,
  u4: couplingEstimateSchema,
  u6: couplingEstimateSchema,
  /** How the kernel integrals were done (exact documents). */
  method: z.string().optional(),
});

/** What every correlator document has: the ensemble (or width) and its points. */
const common = {
  theory: z.string(),
  width: positive,
  nets: count,
  bags: count,
  seed: count,
  /** Numbers for d_in = 1, else lists of d_in coordinates. */
  points: z.array(z.union([finite, z.array(finite).min(1)])).min(1),
};

/** What makes two sampler runs parts of one ensemble (compared by merge and resume). */
export const samplerMetaSchema = z.object({
  /** The kernel's stream and arithmetic. 2 (2026-11-23): words computed inline (1 skipped some at its
   *  buffer's ends) and a new exp, so a version-1 checkpoint is part of another ensemble. 3 (2026-11-30):
   *  layers >= 2 of deep networks drawn in the space of the points, and erf rounded differently. Read as
   *  any integer, so that merge and resume name the difference. */
  version: positive,
  rng: z.string(),
  gaussian: z.string(),
  activation: z.string(),
  d_in: positive,
  d_out: positive,
  depth: positive,
  sigma_w: finite,
  sigma_b: finite,
  /** Written by one-output samplers before d_out >= 2 was sampled (the component sampled); absent with d_out >= 2. */
  output: z.literal(0).optional(),
  /** Hidden widths n_1..n_L (depth >= 2 only; `width` is then n_L). */
  widths: z.array(positive).optional(),
  topK: positive,
  /** Field normalization of the couplings u4, u6 in the finished document. */
  normalization,
  /** What the bags sum (docs/sampler.md): products of f ('plain'; files written before the field existed)
   *  or products of the entries of D = C - K ('marginalized'). */
  estimator: z.enum(ESTIMATORS).default('plain'),
});

/** Sufficient statistics of one finished bag: enough to merge and resume exactly. */
export const bagStatSchema = z.object({
  bag: count,
  /**
   * plain: sum over the bag's networks of f(x_i1)...f(x_in), for the entries of "2", "4", "6" in document
   * order. marginalized: sum over the bag's networks of D_a, D_a D_b, D_a D_b D_c for the multisets of
   * entries of D = C - K (entries (p, q), p <= q, lexicographic) of orders 1, 2, 3, each order lexicographic.
   */
  sums: z.array(finite),
  /** The largest values of max_p |f(x_p)| (plain) or max over the entries |D| (marginalized) among the
   *  bag's networks, descending (for the tail estimate). */
  top: z.array(finite.min(0)),
});

/** A connected n-point function (cumulant) of a sampled document, on the multiset idx. */
export const connectedEntrySchema = z.object({ idx, components, value: finite, stderr: stat });

/** Sums per bag: plain, one per correlator entry; marginalized, the multisets of orders 1..3 of the P(P+1)/2 entries of C. */
export function bagSums(estimator: (typeof ESTIMATORS)[number], P: number, dOut = 1): number {
  const M = (P * (P + 1)) / 2;
  switch (estimator) {
    case 'plain':
      return CORRELATOR_ORDERS.reduce((s, o) => s + multisets(P * dOut, Number(o)).length, 0);
    case 'marginalized':
      return M + (M * (M + 1)) / 2 + (M * (M + 1) * (M + 2)) / 6;
  }
}

export const orderSummarySchema = z.object({
  /** Mean of m over the order's entries, with the mean of their standard errors of m. */
  meanM: stat,
  meanMStderr: stat,
  /** Mean over entries of spread/|gp|: the bag-to-bag noise of m for one bag ("background"). */
  background: stat,
  /** Largest |m|/stderr(m) over the entries (how clearly finite width shows). */
  maxSignificance: stat,
});

export const heavyTailSchema = z.object({
  /** Hill estimate of the tail index alpha of max_p |f(x_p)| (P(|f| > t) ~ t^-alpha), from the k largest. */
  tailIndex: stat,
  tailIndexStderr: stat,
  k: count,
  /**
   * Order n is heavy-tailed when alpha < 2n (products of order n have no finite variance at that tail
   * index, so their standard errors are not to be trusted) or when one network holds more than 10% of
   * an order-n sum (`dominance`: (largest max|f|)^n / (networks x largest |value|)).
   */
  orders: byOrder(z.object({ heavy: z.boolean(), alphaNeeded: finite, dominance: stat })),
  heavy: z.boolean(),
  note: z.string(),
});

/** The document of `nnrg sample` and `nnrg merge` (and a checkpoint: the same document, partial). */
const sampledObject = z.object({
  kind: z.literal('sampled'),
  ...common,
  correlators: byOrder(z.array(sampledEntrySchema)),
  /** The connected 4- and 6-point functions (cumulants of f), on the entries of "4" and "6" (absent in older files). */
  connected: z.object({ '4': z.array(connectedEntrySchema), '6': z.array(connectedEntrySchema) }).optional(),
  summary: byOrder(orderSummarySchema),
  heavyTail: heavyTailSchema.nullable(),
  complete: z.boolean(),
  bagsDone: count,
  shard: z.object({ index: positive, count: positive }).optional(),
  sampler: samplerMetaSchema,
  widthSource: z.string(),
  bagStats: z.array(bagStatSchema),
  couplings: couplingsSchema.optional(),
  /** Why the couplings are missing. */
  couplingsError: z.string().optional(),
});

/** How many networks a target relative precision needs, per correlator order (worst entry). */
export const planRowSchema = z.object({
  order: z.enum(CORRELATOR_ORDERS),
  /** Networks for relative standard error `precision` on G^(n). */
  netsForG: stat,
  /** Networks for relative standard error `precision` on Delta G^(n) (the finite-width part, what u4/u6 need). */
  netsForDelta: stat,
  /** max over entries of Var / Var_GP: >> 1 flags heavy finite-width tails (bag error bars then lie). */
  tailRatio: stat,
  heavyTails: z.boolean(),
});

/**
 * Networks for a relative standard error `precision` on the worst multiset of one quantity, with each
 * estimator (docs/exact-and-validation.md, "Estimator variance and sampling plans").
 */
export const quantityPlanSchema = z.object({
  target: z.enum(PRECISION_TARGETS),
  label: z.string(),
  /** Plain sampling (means of products of f). */
  plain: stat,
  /** The readout-marginalized estimator (k-statistics of the readout covariance; leading order in 1/n). */
  marginalized: stat,
  /** plain / marginalized. */
  gain: stat,
  /** The worst multiset of each. */
  plainWorst: idx,
  marginalizedWorst: idx,
});

/** The document of `nnrg exact`: correlators computed exactly at one width (nets, bags, seed are 0). */
const exactObject = z.object({
  kind: z.literal('exact'),
  ...common,
  correlators: byOrder(z.array(correlatorEntrySchema)),
  exact: z.object({
    method: z.string(),
    accuracy: z.string(),
    /** Per order, the relative accuracy of the connected functions: the moments' rounding through the cancellation
     *  of the moments (one hidden layer; absent in files written before it existed). */
    connectedAccuracy: z.object({ '4': z.number(), '6': z.number() }).optional(),
  }),
  /** The connected 4- and 6-point functions, on the entries of "4" and "6". */
  connected: z.object({ '4': z.array(finite), '6': z.array(finite) }),
  couplings: couplingsSchema.optional(),
  plan: z.object({ precision: finite, rows: z.array(planRowSchema), quantities: z.array(quantityPlanSchema).optional() }).optional(),
});

export type CorrelatorEntry = z.infer<typeof correlatorEntrySchema>;
export type ConnectedEntry = z.infer<typeof connectedEntrySchema>;
export type SampledEntry = z.infer<typeof sampledEntrySchema>;
export type CouplingEstimate = z.infer<typeof couplingEstimateSchema>;
export type Couplings = z.infer<typeof couplingsSchema>;
export type SamplerMeta = z.infer<typeof samplerMetaSchema>;
export type BagStat = z.infer<typeof bagStatSchema>;
export type OrderSummary = z.infer<typeof orderSummarySchema>;
export type HeavyTail = z.infer<typeof heavyTailSchema>;
export type PlanRow = z.infer<typeof planRowSchema>;
export type QuantityPlan = z.infer<typeof quantityPlanSchema>;
export type SampledDocument = z.infer<typeof sampledObject>;
export type ExactDocument = z.infer<typeof exactObject>;
export type CorrelatorDocument = SampledDocument | ExactDocument;

/**
 * Documents written before `kind` existed (the previous version, whose version-2 checkpoints can still
 * be resumed and merged) get it from the blocks only one kind has.
 */
function withKind(v: unknown): unknown {
  if (typeof v !== 'object' || v === null || Array.isArray(v) || 'kind' in v) return v;
  if ('sampler' in v || 'bagStats' in v) return { kind: 'sampled', ...v };
  if ('exact' in v || 'connected' in v) return { kind: 'exact', ...v };
  return v;
}

/** The relations between fields that the field types do not say: list lengths, the multisets, the points. */
function consistent(doc: CorrelatorDocument, ctx: z.RefinementCtx): void {
  const issue = (path: (string | number)[], expected: string, input: unknown): void => {
    ctx.addIssue({ code: 'custom', path, message: expected, input });
  };
  const P = doc.points.length;
  const dIn = doc.kind === 'sampled' ? doc.sampler.d_in : typeof doc.points[0] === 'number' ? 1 : doc.points[0]!.length;
  const bad = doc.points.findIndex((p) => (dIn === 1 ? typeof p !== 'number' : typeof p === 'number' || p.length !== dIn));
  if (bad >= 0) {
    issue(['points', bad], dIn === 1 ? 'a number (d_in = 1)' : `a list of d_in = ${dIn} coordinates`, doc.points[bad]);
    return;
  }
  // d_out from the entries: the last 2-point entry pairs the last component with itself.
  const dOut = 1 + Math.max(0, ...doc.correlators['2'].flatMap((e) => e.components ?? []));
  if (doc.kind === 'sampled' && dOut > 1 && dOut !== doc.sampler.d_out) {
    issue(['correlators', '2'], `output components 0..${doc.sampler.d_out - 1} (sampler.d_out = ${doc.sampler.d_out})`, `components up to ${dOut - 1}`);
    return;
  }
  const of = (d: number) => (d === 1 ? `${P} points` : `${P} points x ${d} output components`);
  for (const order of CORRELATOR_ORDERS) {
    const sets = entryKeys(P, dOut, Number(order));
    const list: CorrelatorEntry[] = doc.correlators[order];
    if (list.length !== sets.length) {
      issue(['correlators', order], `${sets.length} entries (the ${order}-multisets of ${of(dOut)})`, `${list.length} entries`);
      return;
    }
    const k = list.findIndex((e, i) => e.idx.join(',') !== sets[i]!.idx.join(','));
    if (k >= 0) {
      issue(['correlators', order, k, 'idx'], `[${sets[k]!.idx.join(', ')}] (the multisets in lexicographic order)`, list[k]!.idx);
      return;
    }
    const c = list.findIndex((e, i) => (e.components ?? []).join(',') !== (sets[i]!.components ?? []).join(','));
    if (c >= 0) {
      const want = sets[c]!.components;
      issue(
        ['correlators', order, c, 'components'],
        want ? `[${want.join(', ')}] (d_out = ${dOut})` : 'no components (d_out = 1)',
        list[c]!.components ?? 'nothing',
      );
      return;
    }
  }
  if (doc.kind === 'sampled') {
    const est = doc.sampler.estimator;
    const sums = bagSums(est, P, doc.sampler.d_out);
    const i = doc.bagStats.findIndex((s) => s.sums.length !== sums);
    if (i >= 0) {
      const what = est === 'plain' ? 'one per correlator entry' : `the multisets of orders 1..3 of the ${(P * (P + 1)) / 2} entries of C`;
      issue(['bagStats', i, 'sums'], `${sums} sums (${what})`, `${doc.bagStats[i]!.sums.length} sums`);
      return;
    }
    for (const order of ['4', '6'] as const) {
      const list = doc.connected?.[order];
      if (!list) continue;
      const entries = doc.correlators[order];
      if (list.length !== entries.length) {
        issue(['connected', order], `${entries.length} entries (one per entry of correlators.${order})`, `${list.length} entries`);
        return;
      }
      const k = list.findIndex((c, j) => c.idx.join(',') !== entries[j]!.idx.join(','));
      if (k >= 0) {
        issue(['connected', order, k, 'idx'], `[${entries[k]!.idx.join(', ')}] (the multiset of correlators.${order}[${k}])`, list[k]!.idx);
        return;
      }
    }
  } else {
    for (const order of ['4', '6'] as const) {
      const n = doc.correlators[order].length;
      const got = doc.connected[order].length;
      if (got !== n) {
        issue(['connected', order], `${n} values (one per entry of correlators.${order})`, `${got} values`);
        return;
      }
    }
  }
}

/** A document of `nnrg sample | merge` (for a checkpoint, see ensemble/checkpoint.ts). */
export const sampledDocumentSchema = z.preprocess(withKind, sampledObject).superRefine(consistent);

/** Any correlator document: sampled or exact, told apart by `kind`. */
export const correlatorDocumentSchema = z.preprocess(withKind, z.discriminatedUnion('kind', [sampledObject, exactObject])).superRefine(consistent);
