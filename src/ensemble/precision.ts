/**
 * Sampling until a precision: bags are run in rounds until the worst multiset's relative standard error
 * on a target quantity (Delta G4, kappa4, Delta G6, kappa6, u4) is below the precision asked for, within
 * caps on networks and time. Bags keep their (seed, bag) streams, so the result of a precision run that
 * ends with B bags is the document of a fixed run with --bags B. See docs/sampler.md, "Precision runs".
 */
import { TARGETS, type PrecisionTarget, type SampledDocument } from '../correlators/index.js';
import { NumericalError } from '../numeric/index.js';
import { InputError } from '../theory/index.js';

/** One multiset's estimate of a target, with its standard error. */
export interface TargetEstimate {
  idx: number[];
  value: number;
  stderr: number;
  /** stderr / |value| (Infinity when the value is 0 or the error is unknown). */
  relative: number;
}

/**
 * Every multiset's estimate of `target` from a sampled document, with its standard error.
 *
 * Plain documents (products of f averaged per bag, errors from the spread of the bag means): Delta G4 =
 * G4 - Wick(K), equal to kappa4 at one hidden layer (G2 = K exactly), and to -u4 I4 (I4 exact: the same
 * relative error); Delta G6 = G6 - Wick(K); kappa6 = Delta G6 - sum over the 15 (4,2) splits of K Delta G4,
 * formed bag by bag from the bag sums so that its error includes the covariance of the two terms.
 */
export function targetEstimates(doc: SampledDocument, target: PrecisionTarget): TargetEstimate[] {
  switch (doc.sampler.estimator) {
    case 'plain':
      return plainEstimates(doc, target);
    case 'marginalized':
      return marginalizedEstimates(doc, target);
  }
}

/**
 * Readout-marginalized documents carry the connected functions (k-statistics) and Delta G = value - gp,
 * each with its delete-one-bag jackknife error; u4 = -Delta G4/I4 has the relative error of Delta G4.
 */
function marginalizedEstimates(doc: SampledDocument, target: PrecisionTarget): TargetEstimate[] {
  const order = TARGETS[target].order === 4 ? '4' : '6';
  if (target === 'kappa4' || target === 'kappa6') {
    const connected = doc.connected?.[order];
    if (!connected) throw new InputError('document', 'connected', `the connected ${order}-point functions (a marginalized document has them)`);
    return connected.map((e) => estimate(e.idx, e.value, e.stderr));
  }
  return doc.correlators[order].map((e) => estimate(e.idx, e.value - e.gp, e.stderr));
}

/** The worst multiset (largest relative standard error) of `target`, and all entries. */
export function relativeErrors(doc: SampledDocument, target: PrecisionTarget): { worst: TargetEstimate; entries: TargetEstimate[] } {
  const entries = targetEstimates(doc, target);
  const worst = entries.reduce((w, e) => (!(e.relative <= w.relative) ? e : w));
  return { worst, entries };
}

function estimate(idx: number[], value: number, stderr: number): TargetEstimate {
  const relative = value !== 0 && Number.isFinite(stderr) ? stderr / Math.abs(value) : Infinity;
  return { idx, value, stderr, relative };
}

function plainEstimates(doc: SampledDocument, target: PrecisionTarget): TargetEstimate[] {
  const order = TARGETS[target].order;
  if (target !== 'kappa6') {
    return doc.correlators[order === 4 ? '4' : '6'].map((e) => estimate(e.idx, e.value - e.gp, e.stderr));
  }
  // kappa6 per bag: (m6 - gp6) - sum_15 K_ef (m4 - gp4)_abcd, m the bag means; value and error over bags.
  const four = doc.correlators['4'];
  const six = doc.correlators['6'];
  const off4 = doc.correlators['2'].length;
  const off6 = off4 + four.length;
  const pos4 = new Map(four.map((e, i) => [e.idx.join(), i]));
  const K = new Map(doc.correlators['2'].map((e) => [e.idx.join(), e.gp]));
  const k = (a: number, b: number) => K.get(a <= b ? `${a},${b}` : `${b},${a}`)!;
  const B = doc.bagStats.length;
  return six.map((e, i) => {
    const terms: { coef: number; at: number; gp: number }[] = [{ coef: 1, at: off6 + i, gp: e.gp }];
    for (let a = 0; a < 6; a++) {
      for (let b = a + 1; b < 6; b++) {
        const j = pos4.get(e.idx.filter((_, c) => c !== a && c !== b).join())!;
        terms.push({ coef: -k(e.idx[a]!, e.idx[b]!), at: off4 + j, gp: four[j]!.gp });
      }
    }
    const perBag = doc.bagStats.map((s) => terms.reduce((t, { coef, at, gp }) => t + coef * (s.sums[at]! / doc.nets - gp), 0));
    const value = perBag.reduce((t, v) => t + v, 0) / B;
    const ss = perBag.reduce((t, v) => t + (v - value) ** 2, 0);
    return estimate(e.idx, value, B > 1 ? Math.sqrt(ss / (B - 1) / B) : Number.NaN);
  });
}

/** Fewest bags a precision run stops at: the error of the error is ~1/sqrt(2 (bags - 1)), 24% at 10. */
export const MIN_PRECISION_BAGS = 10;
/** Defaults of the caps (documented in docs/sampler.md and the CLI's help). */
export const DEFAULT_MAX_NETS = 1e9;
export const DEFAULT_MAX_TIME = 3600;

export interface PrecisionOptions {
  /** Relative standard error wanted on the worst multiset, in (0, 1). */
  precision: number;
  target: PrecisionTarget;
  /** Cap on the networks (all bags, including resumed ones). */
  maxNets: number;
  /** Cap on the wall time of this run, seconds. */
  maxTime: number;
  /** Networks the exact plan predicts for this estimator and target (one hidden layer), when known. */
  plannedNets?: number;
  /** Called after every round. */
  onRound?: (state: PrecisionState) => void;
  /** Names of the options in messages (the CLI's); default the field names. */
  names?: { maxNets: string; maxTime: string; precision: string };
}

export interface PrecisionState {
  bags: number;
  nets: number;
  worst: TargetEstimate;
  /** Networks needed for the target: nets (relative/precision)^2 from the current error. */
  netsNeeded: number;
  /** Seconds since the start of this run, and networks per second run in it. */
  seconds: number;
  rate: number;
}

export interface PrecisionResult {
  doc: SampledDocument;
  state: PrecisionState;
}

/**
 * What sampleToPrecision needs of the sampler (src/ensemble's sample, with its options bound): run up to
 * `bags` bags keeping those of `from`, calling `onBag` as each finishes; `final` applies the finishing
 * touches (couplings) to the document.
 */
export type BagSampler = (opts: { bags: number; from?: SampledDocument; stop?: () => boolean; final: boolean; onBag?: () => void }) => Promise<SampledDocument>;

const sci = (v: number) => (Number.isFinite(v) ? v.toExponential(2) : 'inf');

/**
 * Runs rounds of bags until the target is met. Round 1 is the pilot (`pilotBags`, at least
 * MIN_PRECISION_BAGS); it measures the rate and, without an exact plan, the error; a target the estimate
 * puts beyond a cap is refused then (InputError), as it is before any sampling when the exact plan does.
 * Later rounds aim at the bags the current error asks for, (relative/precision)^2 times those done (x1.05).
 * A cap reached before the target throws NumericalError; the bags done stay in the checkpoint.
 */
export async function sampleToPrecision(
  run: BagSampler,
  nets: number,
  pilotBags: number,
  p: PrecisionOptions,
  prior?: SampledDocument,
): Promise<PrecisionResult> {
  const names = p.names ?? { maxNets: 'maxNets', maxTime: 'maxTime', precision: 'precision' };
  const label = TARGETS[p.target].label;
  const capBags = Math.floor(p.maxNets / nets);
  if (capBags < MIN_PRECISION_BAGS) {
    throw new InputError(
      'command line',
      names.maxNets,
      `room for at least ${MIN_PRECISION_BAGS} bags of ${nets} networks (${sci(MIN_PRECISION_BAGS * nets)})`,
      undefined,
      sci(p.maxNets),
    );
  }
  const refuse = (netsEstimate: number, seconds: number | undefined, source: string): never => {
    const overNets = netsEstimate > p.maxNets;
    const what = overNets
      ? `${sci(netsEstimate)} networks, beyond ${names.maxNets} = ${sci(p.maxNets)}`
      : `${sci(netsEstimate)} networks, ~${Math.ceil(seconds!)} s, beyond ${names.maxTime} = ${p.maxTime} s`;
    throw new InputError(
      'command line',
      names.precision,
      `a precision reachable within the caps: ${p.precision} on ${label} needs ${what} (${source}); raise ` +
        `${overNets ? names.maxNets : names.maxTime} or ask for less`,
      undefined,
      String(p.precision),
    );
  };
  if (p.plannedNets !== undefined && p.plannedNets > p.maxNets) refuse(p.plannedNets, undefined, 'exact plan');

  const t0 = Date.now();
  const elapsed = () => (Date.now() - t0) / 1000;
  const stop = () => elapsed() > p.maxTime;
  let doc = prior;
  // Round targets depend only on the bags' results (a checkpoint's `bags` is the round it was in), so
  // a resumed run takes the rounds, and ends with the bags, of an uninterrupted one.
  const pilot = Math.min(capBags, Math.max(pilotBags, MIN_PRECISION_BAGS));
  let target = Math.min(capBags, Math.max(pilot, prior ? Math.max(prior.bags, lastBag(prior) + 1) : 0));
  let checked = false;
  // The rate counts the bags finished after the first one of this run (worker start-up excluded).
  let first: number | undefined;
  let after = 0;
  const onBag = () => {
    if (first === undefined) first = Date.now();
    else after++;
  };
  const rateNow = () => {
    const span = first === undefined ? 0 : (Date.now() - first) / 1000;
    return after >= 2 && span > 0 ? (after * nets) / span : (ranHere * nets) / Math.max(elapsed(), 1e-3);
  };
  let ranHere = 0;
  for (;;) {
    const before = doc?.bagsDone ?? 0;
    if (!doc || doc.bagsDone < target) doc = await run({ bags: target, from: doc, stop, final: false, onBag });
    // A run stopped by the clock may leave gaps (bags ahead of a missing one): fill them, so the
    // document is a fixed-bag run's.
    if (doc.bagsDone < doc.bags) doc = await run({ bags: lastBag(doc) + 1, from: doc, final: false, onBag });
    ranHere += doc.bagsDone - before;
    const done = doc.bagsDone * nets;
    const { worst } = relativeErrors(doc, p.target);
    const netsNeeded = Number.isFinite(worst.relative) ? Math.ceil(done * (worst.relative / p.precision) ** 2) : Infinity;
    const rate = rateNow();
    const state: PrecisionState = { bags: doc.bagsDone, nets: done, worst, netsNeeded, seconds: elapsed(), rate };
    p.onRound?.(state);
    if (doc.bagsDone >= MIN_PRECISION_BAGS && worst.relative <= p.precision) return { doc: await run({ bags: doc.bagsDone, from: doc, final: true }), state };
    if (doc.bagsDone >= capBags || stop()) {
      const final = await run({ bags: doc.bagsDone, from: doc, final: true });
      const cap = doc.bagsDone >= capBags ? `${names.maxNets} = ${sci(p.maxNets)}` : `${names.maxTime} = ${p.maxTime} s`;
      throw new NumericalError(
        `target not reached: ${cap} hit after ${doc.bagsDone} bags (${sci(done)} networks, ${elapsed().toFixed(1)} s) with relative standard error ` +
          `${worst.relative.toPrecision(3)} on ${label} (multiset ${worst.idx.join(',')}) against ${p.precision}; the estimate is ` +
          `${sci(netsNeeded)} networks in all`,
        { doc: final, state },
      );
    }
    // The first round that ran bags here (the pilot, unless resumed) gives the rate: refuse what the
    // estimate puts beyond a cap.
    if (!checked && ranHere > 0) {
      checked = true;
      const estimate = p.plannedNets ?? netsNeeded;
      const source =
        p.plannedNets !== undefined ? 'exact plan' : `estimate from the pilot round's error ${worst.relative.toPrecision(3)} after ${sci(done)} networks`;
      if (estimate > p.maxNets) refuse(estimate, undefined, source);
      const seconds = elapsed() + Math.max(0, estimate - done) / rate;
      if (seconds > p.maxTime) refuse(estimate, seconds, `${source}, at ${sci(rate)} networks/s`);
    }
    // After the pilot the exact plan, if any, sizes the round; then the measured error does.
    // A noisy estimate grows the bags at most 16-fold per round; the exact plan is not noisy.
    const planned = doc.bagsDone === pilot && p.plannedNets !== undefined;
    const wanted = Math.ceil((1.05 * (planned ? Math.max(p.plannedNets!, netsNeeded) : netsNeeded)) / nets);
    target = Math.min(capBags, Math.max(doc.bagsDone + 1, planned ? wanted : Math.min(wanted, 16 * doc.bagsDone)));
  }
}

function lastBag(doc: SampledDocument): number {
  return doc.bagStats.reduce((m, s) => Math.max(m, s.bag), -1);
}
