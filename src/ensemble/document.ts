import {
  entryKeys,
  multisets,
  wick,
  wickComponents,
  type EntryKey,
  type BagStat,
  type ConnectedEntry,
  type CorrelatorOrder,
  type HeavyTail,
  type OrderSummary,
  type SampledDocument,
  type SampledEntry,
} from '../correlators/index.js';
import { componentEstimates, componentTables, jackknife, marginalEstimates, meanSquareD, plainComponentConnected, plainConnected } from './marginal.js';
import { kernelEntries } from './wasm-kernel.js';
import { hill } from './tails.js';
import type { MultisetTree } from './tree.js';

/** Everything of a document except the results: the identity of the ensemble. */
export type EnsembleIdentity = Pick<SampledDocument, 'theory' | 'width' | 'nets' | 'bags' | 'seed' | 'points' | 'sampler' | 'widthSource'>;

const ORDER_KEYS: CorrelatorOrder[] = ['2', '4', '6'];

/** The mean of the bag means and their spread (sample standard deviation; NaN for one bag). */
function bagMean(means: number[]): { value: number; spread: number } {
  const B = means.length;
  let value = 0;
  for (const m of means) value += m;
  value /= B;
  let ss = 0;
  for (const m of means) ss += (m - value) * (m - value);
  return { value, spread: B > 1 ? Math.sqrt(ss / (B - 1)) : Number.NaN };
}

/**
 * The document for the finished bags `stats`: a pure function of (identity, bags sorted by index),
 * so a resumed, merged or differently threaded run that finished the same bags prints the same JSON.
 */
export function assemble(id: EnsembleIdentity, tree: MultisetTree, K: number[][], stats: BagStat[], shard?: { index: number; count: number }): SampledDocument {
  const sorted = [...stats].sort((a, b) => a.bag - b.bag);
  const B = sorted.length;
  const general = id.sampler.d_out > 1 || id.sampler.depth > 1;
  const results =
    id.sampler.estimator === 'marginalized'
      ? general
        ? componentMarginalResults(id, K, sorted)
        : marginalResults(id, K, sorted)
      : general
        ? componentPlainResults(id, tree, K, sorted)
        : plainResults(id, tree, K, sorted);
  const { correlators } = results;
  const summary = {} as Record<CorrelatorOrder, OrderSummary>;
  for (const key of ORDER_KEYS) {
    // entries that vanish by O(d_out) symmetry (gp = 0) have no m
    const entries = correlators[key].filter((e) => e.gp !== 0);
    const n = entries.length;
    summary[key] = {
      meanM: entries.reduce((s, e) => s + e.m, 0) / n,
      meanMStderr: entries.reduce((s, e) => s + e.stderr / Math.abs(e.gp), 0) / n,
      background: entries.reduce((s, e) => s + e.spread / Math.abs(e.gp), 0) / n,
      maxSignificance: correlators[key].reduce((s, e) => (e.stderr > 0 ? Math.max(s, Math.abs(e.value - e.gp) / e.stderr) : s), 0),
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
    connected: results.connected,
    summary,
    heavyTail: results.heavyTail,
    complete: B === id.bags,
    bagsDone: B,
    ...(shard && B !== id.bags ? { shard } : {}),
    sampler: id.sampler,
    widthSource: id.widthSource,
    bagStats: sorted,
  };
  return doc;
}

interface Results {
  correlators: Record<CorrelatorOrder, SampledEntry[]>;
  connected: Record<'4' | '6', ConnectedEntry[]>;
  heavyTail: HeavyTail | null;
}

/** Plain: the mean over bags of the bag means of each product; the connected functions by the jackknife. */
function plainResults(id: EnsembleIdentity, tree: MultisetTree, K: number[][], sorted: BagStat[]): Results {
  const B = sorted.length;
  const correlators = {} as Record<CorrelatorOrder, SampledEntry[]>;
  let offset = 0;
  for (const { order, idx } of tree.measured) {
    const key = String(order) as CorrelatorOrder;
    const entries: SampledEntry[] = idx.map((ix, e) => {
      const { value, spread } = bagMean(sorted.map((s) => s.sums[offset + e]! / id.nets));
      const gp = wick(K, ix);
      return { idx: ix, value, stderr: spread / Math.sqrt(B), gp, m: (value - gp) / gp, spread };
    });
    offset += idx.length;
    correlators[key] = entries;
  }
  const P = K.length;
  const gp = (o: '4' | '6') => correlators[o].map((e) => e.gp);
  const Kent = kernelEntries(K);
  const jk = jackknife(
    sorted.map((s) => s.sums),
    id.nets,
    (S, n) => plainConnected(P, Kent, gp('4'), gp('6'), S, n),
  );
  const n4 = correlators['4'].length;
  const connected = {
    '4': correlators['4'].map((e, i) => ({ idx: e.idx, value: jk.value[i]!, stderr: jk.stderr[i]! })),
    '6': correlators['6'].map((e, i) => ({ idx: e.idx, value: jk.value[n4 + i]!, stderr: jk.stderr[n4 + i]! })),
  };
  return { correlators, connected, heavyTail: heavyTail(sorted, id.nets, correlators) };
}

/**
 * Plain with output components (items p d_out + a: the tree's measured multisets are entryKeys') and/or depth >= 2
 * (the connected functions use the sampled G2, since E[f f] != K there).
 */
function componentPlainResults(id: EnsembleIdentity, tree: MultisetTree, K: number[][], sorted: BagStat[]): Results {
  const B = sorted.length;
  const { d_out: dOut, depth } = id.sampler;
  const P = K.length;
  const correlators = {} as Record<CorrelatorOrder, SampledEntry[]>;
  let offset = 0;
  for (const { order, idx } of tree.measured) {
    const key = String(order) as CorrelatorOrder;
    const keys = entryKeys(P, dOut, order);
    correlators[key] = idx.map((_, e) => {
      const { value, spread } = bagMean(sorted.map((s) => s.sums[offset + e]! / id.nets));
      const { idx: points, components } = keys[e]!;
      const gp = wickComponents(K, points, components);
      return {
        idx: points,
        ...(components ? { components } : {}),
        value,
        stderr: spread / Math.sqrt(B),
        gp,
        m: gp === 0 ? Number.NaN : (value - gp) / gp,
        spread,
      };
    });
    offset += idx.length;
  }
  const Kent = kernelEntries(K);
  const jk = jackknife(
    sorted.map((s) => s.sums),
    id.nets,
    (S, n) => plainComponentConnected(P, dOut, Kent, S, n, depth > 1),
  );
  const n4 = correlators['4'].length;
  const conn = (e: SampledEntry, at: number) => ({
    idx: e.idx,
    ...(e.components ? { components: e.components } : {}),
    value: jk.value[at]!,
    stderr: jk.stderr[at]!,
  });
  const connected = {
    '4': correlators['4'].map((e, i) => conn(e, i)),
    '6': correlators['6'].map((e, i) => conn(e, n4 + i)),
  };
  return { correlators, connected, heavyTail: heavyTail(sorted, id.nets, correlators) };
}

/**
 * Marginalized with output components and/or depth >= 2: every entry from the cumulants of C, a pairing counting
 * only when it pairs equal components (marginal.ts); mixed 2-point entries are 0 exactly (components are
 * conditionally independent with mean 0). At depth >= 2 the Wick terms use the sampled E[C].
 */
function componentMarginalResults(id: EnsembleIdentity, K: number[][], sorted: BagStat[]): Results {
  const P = K.length;
  const B = sorted.length;
  const { d_out: dOut, depth } = id.sampler;
  const Kent = kernelEntries(K);
  const jk = jackknife(
    sorted.map((s) => s.sums),
    id.nets,
    (S, n) => componentEstimates(P, dOut, Kent, S, n, depth > 1),
  );
  const t = componentTables(P, dOut);
  const M = Kent.length;
  const n4 = t.keys['4'].length;
  const n6 = t.keys['6'].length;
  const [o4, o6, od6, od4] = [M, M + n4, M + n4 + n6, M + n4 + 2 * n6];
  const entry = ({ idx, components }: EntryKey, value: number, stderr: number): SampledEntry => {
    const gp = wickComponents(K, idx, components);
    return { idx, ...(components ? { components } : {}), value, stderr, gp, m: gp === 0 ? Number.NaN : (value - gp) / gp, spread: stderr * Math.sqrt(B) };
  };
  const correlators: Record<CorrelatorOrder, SampledEntry[]> = {
    '2': t.keys['2'].map((k, i) => (t.two[i]! < 0 ? entry(k, 0, 0) : entry(k, jk.value[t.two[i]!]!, jk.stderr[t.two[i]!]!))),
    '4': t.keys['4'].map((k, i) => entry(k, wickComponents(K, k.idx, k.components) + jk.value[od4 + i]!, jk.stderr[od4 + i]!)),
    '6': t.keys['6'].map((k, i) => entry(k, wickComponents(K, k.idx, k.components) + jk.value[od6 + i]!, jk.stderr[od6 + i]!)),
  };
  const conn = (k: EntryKey, at: number) => ({
    idx: k.idx,
    ...(k.components ? { components: k.components } : {}),
    value: jk.value[at]!,
    stderr: jk.stderr[at]!,
  });
  const connected = {
    '4': t.keys['4'].map((k, i) => conn(k, o4 + i)),
    '6': t.keys['6'].map((k, i) => conn(k, o6 + i)),
  };
  return { correlators, connected, heavyTail: marginalTail(P, sorted, id.nets) };
}

/**
 * Marginalized: "2" holds the sampled E[C] (gp = K: the check G2 = K), "4" and "6" gp + Delta G from the
 * k-statistics of the entries of C; value and stderr by the delete-one-bag jackknife, spread = stderr
 * sqrt(bags) (the standard error one bag would have).
 */
function marginalResults(id: EnsembleIdentity, K: number[][], sorted: BagStat[]): Results {
  const P = K.length;
  const B = sorted.length;
  const Kent = kernelEntries(K);
  const jk = jackknife(
    sorted.map((s) => s.sums),
    id.nets,
    (S, n) => marginalEstimates(P, Kent, S, n),
  );
  const M = Kent.length;
  const sets = (order: number) => multisets(P, order);
  const n4 = sets(4).length;
  const n6 = sets(6).length;
  const entry = (idx: number[], at: number, delta: boolean): SampledEntry => {
    const gp = wick(K, idx);
    const value = delta ? gp + jk.value[at]! : jk.value[at]!;
    const stderr = jk.stderr[at]!;
    return { idx, value, stderr, gp, m: (value - gp) / gp, spread: stderr * Math.sqrt(B) };
  };
  const correlators: Record<CorrelatorOrder, SampledEntry[]> = {
    '2': sets(2).map((idx, i) => entry(idx, i, false)),
    '4': sets(4).map((idx, i) => entry(idx, M + i, true)),
    '6': sets(6).map((idx, i) => entry(idx, M + n4 + n6 + i, true)),
  };
  const connected = {
    '4': sets(4).map((idx, i) => ({ idx, value: jk.value[M + i]!, stderr: jk.stderr[M + i]! })),
    '6': sets(6).map((idx, i) => ({ idx, value: jk.value[M + n4 + i]!, stderr: jk.stderr[M + n4 + i]! })),
  };
  return { correlators, connected, heavyTail: marginalTail(P, sorted, id.nets) };
}

/**
 * The tail verdict of the marginalized estimator, from the largest max_m |D_m| per network: order n
 * averages products of n/2 entries of D, whose variance is finite only if the tail index of |D| exceeds
 * n; the dominance of order n is (largest max|D|)^(n/2) / (networks x rms^(n/2)), rms^2 the largest
 * mean of D_e^2: the share of an order-n sum one network can hold against that of a typical network.
 */
function marginalTail(P: number, stats: BagStat[], nets: number): HeavyTail | null {
  const pooled = stats.flatMap((s) => s.top).sort((a, b) => b - a);
  const total = nets * stats.length;
  const k = Math.min(100, Math.floor(Math.sqrt(total)), pooled.length - 1);
  if (k < 5) return null;
  const { alpha, stderr } = hill(pooled, k);
  const S = new Float64Array(stats[0]!.sums.length);
  for (const s of stats) for (let i = 0; i < S.length; i++) S[i]! += s.sums[i]!;
  const rms = Math.sqrt(meanSquareD(P, S, total));
  const orders = {} as HeavyTail['orders'];
  for (const key of ORDER_KEYS) {
    const h = Number(key) / 2;
    const dominance = rms > 0 ? (pooled[0]! / rms) ** h / total : Number.POSITIVE_INFINITY;
    orders[key] = { heavy: alpha < 2 * h || dominance > DOMINANCE, alphaNeeded: 2 * h, dominance };
  }
  const heavyOrders = ORDER_KEYS.filter((o) => orders[o].heavy);
  const worst = heavyOrders.length ? orders[heavyOrders[heavyOrders.length - 1]!] : undefined;
  const note = !worst
    ? `tail index ${alpha.toFixed(2)} +- ${stderr.toFixed(2)} of max|C - K| (Hill, k = ${k}) is above 6 and no single network dominates: the ` +
      `error bars are meaningful`
    : `heavy tails in the ${heavyOrders.join('-, ')}-point functions: tail index ${alpha.toFixed(2)} +- ${stderr.toFixed(2)} of max|C - K| (Hill, k = ${k}; ` +
      `order n needs > n for a finite variance), and one network can hold up to ${(100 * worst.dominance).toPrecision(2)}% of a ` +
      `${heavyOrders[heavyOrders.length - 1]}-point sum: ` +
      'these values and their error bars are governed by a few rare networks; treat them with caution';
  return { tailIndex: alpha, tailIndexStderr: stderr, k, orders, heavy: heavyOrders.length > 0, note };
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
    ? `tail index ${alpha.toFixed(2)} +- ${stderr.toFixed(2)} of max|f| (Hill, k = ${k}) is above 12 and no single network dominates: the ` +
      `error bars are meaningful`
    : `heavy tails in the ${heavyOrders.join('-, ')}-point functions: tail index ${alpha.toFixed(2)} +- ${stderr.toFixed(2)} of max|f| (Hill, k = ${k}; ` +
      `order n needs > 2n for a finite variance), and one network holds up to ${(100 * worst.dominance).toPrecision(2)}% of a ` +
      `${heavyOrders[heavyOrders.length - 1]}-point sum: ` +
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
  // the keys of both: a field one sampler writes and the other does not is a difference too
  const keys = new Set([...Object.keys(a.sampler), ...Object.keys(b.sampler)]) as Set<keyof EnsembleIdentity['sampler']>;
  for (const k of keys) cmp(`sampler.${k}`, a.sampler[k], b.sampler[k]);
  return out;
}
