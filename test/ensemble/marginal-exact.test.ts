import { describe, expect, it } from 'vitest';
import { mergeDocuments, sample } from '../../src/ensemble/index.js';
import { exactCorrelators } from '../../src/exact/index.js';
import { loadTheory } from '../../src/theory/index.js';
import { theory } from './helpers.js';

// The marginalized estimator against the exact finite-width cumulants of src/exact (the cumulant series
// of f from the one-neuron moments: an independent computation that never forms C).

describe('marginalized estimator: connected functions against the exact module', () => {
  // |sampled - exact| < 5 stderr per entry: 20 bags, so (value - exact)/stderr is about t with 19 dof,
  // P(|t| > 5) = 8e-5 per entry, over the ~215 (correlated) entries of all five cases.
  const Z = 5;
  it.each([
    // GaussNet with small pre-activation variances (Var z <= 0.1): lognormal neurons with moderate tails
    ['gauss', { activation: 'gauss', sigma_w: 0.6, sigma_b: 0.2 }, [-0.3, 0, 0.4]],
    ['relu', { activation: 'relu', sigma_w: 1.2, sigma_b: 0.7 }, [-1, 0.3, 1.5]],
    ['erf', { activation: 'erf', sigma_w: 1.5, sigma_b: 0.4 }, [-0.8, 0.2, 1.2]],
    ['cos', { activation: 'cos', sigma_w: 2, sigma_b: 0.3 }, [-0.5, 0, 0.9]],
    [
      'tanh, d_in = 2',
      { activation: 'tanh', d_in: 2, sigma_w: 1.4, sigma_b: 0.6 },
      [
        [0.3, -0.2],
        [1, 0.5],
        [-0.7, 0.9],
      ],
    ],
  ])('%s, N = 3: kappa4, kappa6, Delta G4, Delta G6 and G2 within errors', async (name, network, points) => {
    const { theory: t } = theory(`marg-${name.replace(/\W+/g, '')}`, network, points);
    const doc = await sample(t, { width: 3, nets: 10000, bags: 20, seed: 5, threads: 1 });
    expect(doc.sampler.estimator).toBe('marginalized');
    // no tail warning up to the 4-point functions (GaussNet's 6-point ones are flagged by Hill at this size)
    expect(doc.heavyTail!.orders['4'].heavy, doc.heavyTail!.note).toBe(false);
    const ex = exactCorrelators(t, 3);
    for (const o of ['4', '6'] as const) {
      let largest = 0;
      let resolution = 0;
      doc.connected![o].forEach((c, i) => {
        const e = ex.connected[o][i]!;
        expect(c.idx).toEqual(ex.correlators[o][i]!.idx);
        expect(Math.abs(c.value - e), `kappa${o}${JSON.stringify(c.idx)}`).toBeLessThan(Z * c.stderr);
        const full = doc.correlators[o][i]!;
        expect(Math.abs(full.value - ex.correlators[o][i]!.value), `G${o}${JSON.stringify(c.idx)}`).toBeLessThan(Z * full.stderr);
        if (Math.abs(e) > largest) [largest, resolution] = [Math.abs(e), c.stderr / Math.abs(e)];
      });
      // the check has power: the largest connected value is resolved to better than 3% (a missing
      // pairing would be off by a third or more)
      expect(resolution, `kappa${o} relative error`).toBeLessThan(0.03);
    }
    // G2 = E[C] = K at every width
    for (const e of doc.correlators['2']) expect(Math.abs(e.value - e.gp), `G2${JSON.stringify(e.idx)}`).toBeLessThan(Z * e.stderr);
  });
});

describe('marginalized and plain estimators agree', () => {
  // Every bundled theory with a network, at width 5 on three of its points (first, middle, last): two independent estimates of
  // G2, G4, G6 and the connected functions (plain: products of f; marginalized: cumulants of C, another
  // stream). 5 combined standard errors (t with 9 dof on the plain side: P(|t| > 5) ~ 7e-4 per entry,
  // the entries of one order being strongly correlated).
  it.each(['gaussnet', 'relu', 'erf', 'cos', 'broken-check'])('theories/%s.yaml', async (name) => {
    const full = loadTheory(`theories/${name}.yaml`);
    const pts = full.ensemble.points;
    const t = { ...full, ensemble: { ...full.ensemble, points: [pts[0]!, pts[Math.floor(pts.length / 2)]!, pts[pts.length - 1]!] } };
    const opts = { width: 5, nets: 20000, bags: 10, seed: 3, threads: 1 };
    const plain = await sample(t, { ...opts, estimator: 'plain' });
    const marg = await sample(t, { ...opts, estimator: 'marginalized' });
    for (const o of ['2', '4', '6'] as const) {
      marg.correlators[o].forEach((m, i) => {
        const p = plain.correlators[o][i]!;
        expect(Math.abs(m.value - p.value), `G${o}${JSON.stringify(m.idx)}`).toBeLessThan(5 * Math.hypot(m.stderr, p.stderr));
      });
    }
    for (const o of ['4', '6'] as const) {
      marg.connected![o].forEach((m, i) => {
        const p = plain.connected![o][i]!;
        expect(Math.abs(m.value - p.value), `kappa${o}${JSON.stringify(m.idx)}`).toBeLessThan(5 * Math.hypot(m.stderr, p.stderr));
      });
    }
  });
});

describe('coverage of the marginalized error bars', () => {
  // 200 independent runs of 20 bags x 300 networks (ReLU, erf at N = 3, 3 points), cut out of one
  // sample of 4000 bags (bag streams are independent by construction); per run, kappa4 and kappa6 on
  // the multiset where they are largest against the exact values. The jackknife error over 20 bags is a
  // t with 19 dof: nominal coverage P(|t| <= 1) = 0.670, P(|t| <= 2) = 0.940. Tolerance: 3.5 binomial
  // sd over 200 runs (0.116 and 0.058), two-sided p = 5e-4 per check, 8 checks.
  const R = 200;
  const B = 20;
  const nominal = [0.67, 0.94];
  it.each([
    ['relu', { activation: 'relu', sigma_w: 1.2, sigma_b: 0.7 }, [-1, 0.3, 1.5]],
    ['erf', { activation: 'erf', sigma_w: 1.5, sigma_b: 0.4 }, [-0.8, 0.2, 1.2]],
  ])('%s: 1 and 2 standard errors cover the exact value at the nominal rates', async (name, network, points) => {
    const { theory: t } = theory(`cover-${name}`, network, points);
    const ex = exactCorrelators(t, 3);
    const big = await sample(t, { width: 3, nets: 300, bags: R * B, seed: 77, threads: 2 });
    const largest = (o: '4' | '6') => ex.connected[o].reduce((b, v, i) => (Math.abs(v) > Math.abs(ex.connected[o][b]!) ? i : b), 0);
    for (const o of ['4', '6'] as const) {
      const i = largest(o);
      const hits = [0, 0];
      for (let r = 0; r < R; r++) {
        const run = mergeDocuments([{ ...big, bagStats: big.bagStats.slice(r * B, (r + 1) * B) }]);
        const c = run.connected![o][i]!;
        const z = Math.abs(c.value - ex.connected[o][i]!) / c.stderr;
        hits.forEach((_, k) => (hits[k]! += z <= k + 1 ? 1 : 0));
      }
      hits.forEach((h, k) => {
        const p = nominal[k]!;
        expect(Math.abs(h / R - p), `kappa${o} coverage at ${k + 1} sigma: ${h / R}`).toBeLessThan(3.5 * Math.sqrt((p * (1 - p)) / R));
      });
    }
  });
});
