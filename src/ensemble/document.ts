import { wick, type BagStat, type CorrelatorOrder, type HeavyTail, type OrderSummary, type SampledDocument, type SampledEntry } from '../correlators/index.js';
import { hill } from './tails.js';
import type { MultisetTree } from './tree.js';

/** Everything of a document except the results: the identity of the ensemble. */
export type EnsembleIdentity = Pick<SampledDocument, 'theory' | 'width' | 'nets' | 'bags' | 'seed' | 'points' | 'sampler' | 'widthSource'>;

const ORDER_KEYS: CorrelatorOrder[] = ['2', '4', '6'];

/**
 * The document for the finished bags `stats`: a pure function of (identity, bags sorted by index),
 * so a resumed, merged or differently threaded run that finished the same bags prints the same JSON.
 */
export function assemble(id: EnsembleIdentity, tree: MultisetTree, K: number[][], stats: BagStat[], shard?: { index: number; count: number }): SampledDocument {
  const sorted = [...stats].sort((a, b) => a.bag - b.bag);
  const B = sorted.length;
  const correlators = {} as Record<CorrelatorOrder, SampledEntry[]>;
  const summary = {} as Record<CorrelatorOrder, OrderSummary>;
  let offset = 0;
  for (const { order, idx } of tree.measured) {
    const key = String(order) as CorrelatorOrder;
    const entries: SampledEntry[] = idx.map((ix, e) => {
      const means = sorted.map((s) => s.sums[offset + e]! / id.nets);
      let value = 0;
      for (const m of means) value += m;
      value /= B;
      let ss = 0;
      for (const m of means) ss += (m - value) * (m - value);
      const spread = B > 1 ? Math.sqrt(ss / (B - 1)) : Number.NaN;
      const gp = wick(K, ix);
      return { idx: ix, value, stderr: spread / Math.sqrt(B), gp, m: (value - gp) / gp, spread };
    });
    offset += idx.length;
    correlators[key] = entries;
    const n = entries.length;
    summary[key] = {
      meanM: entries.reduce((s, e) => s + e.m, 0) / n,
      meanMStderr: entries.reduce((s, e) => s + e.stderr / Math.abs(e.gp), 0) / n,
      background: entries.reduce((s, e) => s + e.spread / Math.abs(e.gp), 0) / n,
      maxSignificance: entries.reduce((s, e) => Math.max(s, Math.abs(e.value - e.gp) / e.stderr), 0),
    };
  }
  const doc: SampledDocument = {
    kind: 'sampled',
    theory: id.theory,
    width: id.width,
    nets: id.nets,
    bags: id.bags,
    seed: id.seed,
    points: id.points,
    correlators,
    summary,
    heavyTail: heavyTail(sorted, id.nets, correlators),
    complete: B === id.bags,
    bagsDone: B,
    ...(shard && B !== id.bags ? { shard } : {}),
    sampler: id.sampler,
    widthSource: id.widthSource,
    bagStats: sorted,
  };
  return doc;
}

function heavyTail(stats: BagStat[], nets: number, correlators: Record<CorrelatorOrder, SampledEntry[]>): HeavyTail | null {
  const pooled = stats.flatMap((s) => s.top).sort((a, b) => b - a);
  const total = nets * stats.length;
  const k = Math.min(100, Math.floor(Math.sqrt(total)), pooled.length - 1);
  if (k < 5) return null;
  const { alpha, stderr } = hill(pooled, k);
  const orders = {} as HeavyTail['orders'];
  for (const key of ORDER_KEYS) {
    const n = Number(key);
    // One network's order-n product is at most (max_p |f(x_p)|)^n: its share of the largest |sum|.
    const largest = correlators[key].reduce((m, e) => Math.max(m, Math.abs(e.value)), 0);
    const dominance = largest > 0 ? pooled[0]! ** n / (total * largest) : Number.POSITIVE_INFINITY;
    orders[key] = { heavy: alpha < 2 * n || dominance > DOMINANCE, alphaNeeded: 2 * n, dominance };
  }
  const heavyOrders = ORDER_KEYS.filter((o) => orders[o].heavy);
  const worst = heavyOrders.length ? orders[heavyOrders[heavyOrders.length - 1]!] : undefined;
  const note = !worst
    ? `tail index ${alpha.toFixed(2)} +- ${stderr.toFixed(2)} of max|f| (Hill, k = ${k}) is above 12 and no single network dominates: the error bars are meaningful`
    : `heavy tails in the ${heavyOrders.join('-, ')}-point functions: tail index ${alpha.toFixed(2)} +- ${stderr.toFixed(2)} of max|f| (Hill, k = ${k}; ` +
      `order n needs > 2n for a finite variance), and one network holds up to ${(100 * worst.dominance).toPrecision(2)}% of a ${heavyOrders[heavyOrders.length - 1]}-point sum: ` +
      'these values and their error bars are governed by a few rare networks; treat them with caution';
  return { tailIndex: alpha, tailIndexStderr: stderr, k, orders, heavy: heavyOrders.length > 0, note };
}

/** A single network holding more than this share of a sum makes the order heavy-tailed. */
const DOMINANCE = 0.1;

/** Field by field: what differs between two ensembles (empty when they can be merged). */
export function identityDifferences(a: EnsembleIdentity, b: EnsembleIdentity): string[] {
  const out: string[] = [];
  const cmp = (name: string, x: unknown, y: unknown) => {
    if (JSON.stringify(x) !== JSON.stringify(y)) out.push(`${name}: ${JSON.stringify(x)} vs ${JSON.stringify(y)}`);
  };
  cmp('theory', a.theory, b.theory);
  cmp('width', a.width, b.width);
  cmp('nets', a.nets, b.nets);
  cmp('bags', a.bags, b.bags);
  cmp('seed', a.seed, b.seed);
  cmp('points', a.points, b.points);
  for (const k of Object.keys(a.sampler) as (keyof EnsembleIdentity['sampler'])[]) cmp(`sampler.${k}`, a.sampler[k], b.sampler[k]);
  return out;
}
