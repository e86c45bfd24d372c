import { describe, expect, test } from 'vitest';
import { correlatorDocumentSchema, entryKeys, type CorrelatorEntry } from '../../src/correlators/index.js';
import { exactCorrelators, tensorCoefficients } from '../../src/exact/index.js';
import { erf } from '../../src/numeric/index.js';
import { parseTheory, type Theory } from '../../src/theory/index.js';
import { meanAndStderr, TestRng } from '../helpers/rng.js';

const theory = (activation: string, sw: number, sb: number, points: number[], dOut: number): Theory =>
  parseTheory(
    `network:\n  activation: ${activation}\n  sigma_w: ${sw}\n  sigma_b: ${sb}\n  d_out: ${dOut}\nensemble:\n  points: [${points.join(', ')}]\n`,
    'test.yaml',
  );
const find = (list: CorrelatorEntry[], idx: number[], components: number[]) =>
  list.find((e) => e.idx.join() === idx.join() && e.components!.join() === components.join())!;

/** Number of pairings of the factors that pair equal components only: prod over components of (count - 1)!!, 0 for an odd count. */
function pairingCount(components: number[]): number {
  const counts = new Map<number, number>();
  for (const a of components) counts.set(a, (counts.get(a) ?? 0) + 1);
  let n = 1;
  for (const c of counts.values()) {
    if (c % 2) return 0;
    for (let k = c - 1; k > 1; k -= 2) n *= k;
  }
  return n;
}

describe('exact correlators with d_out outputs', () => {
  test('ReLU, sigma_b = 0, positive inputs, d_out = 3: every entry against the closed form', () => {
    // relu(w x) = x relu(w) for x > 0, so f_a(x) = x S_a with S_a = sum_j W1_aj r_j, r_j = relu(w_j), w ~ N(0, sw^2).
    // Given the r's the S_a are iid N(0, s R), s = sw^2/N, R = sum_j r_j^2, so
    //   E prod f = (prod x) * pairingCount(a) * s^k E R^k   (k = n/2),
    // E R = N m2, E R^2 = N m4 + N(N-1) m2^2, E R^3 = N m6 + 3N(N-1) m4 m2 + N(N-1)(N-2) m2^3,
    // with m_2k = E r^2k = sw^2k (2k-1)!!/2. Tolerance 1e-12 relative (rank-1 panel quadrature of the moments).
    const sw = 1.2;
    const xs = [0.3, 0.8, 1.5];
    for (const N of [1, 3, 20]) {
      const s = sw ** 2 / N;
      const m2 = sw ** 2 / 2;
      const m4 = (3 * sw ** 4) / 2;
      const m6 = (15 * sw ** 6) / 2;
      const ER = [1, N * m2, N * m4 + N * (N - 1) * m2 ** 2, N * m6 + 3 * N * (N - 1) * m4 * m2 + N * (N - 1) * (N - 2) * m2 ** 3];
      const doc = exactCorrelators(theory('relu', sw, 0, xs, 3), N);
      for (const order of ['2', '4', '6'] as const) {
        const k = Number(order) / 2;
        expect(doc.correlators[order].length).toBe(entryKeys(3, 3, 2 * k).length);
        for (const e of doc.correlators[order]) {
          const want = e.idx.reduce((p, i) => p * xs[i]!, 1) * pairingCount(e.components!) * s ** k * ER[k]!;
          if (want === 0) expect(e.value).toBe(0);
          else expect(Math.abs(e.value / want - 1)).toBeLessThan(1e-12);
        }
      }
      // Spot values: the mixed <f_0 f_0 f_1 f_1> at N = 3 is x-product * sw^8 (1/4 + 5/(4N)).
      if (N === 3) {
        const e = find(doc.correlators['4'], [0, 1, 1, 2], [0, 0, 1, 1]);
        expect(Math.abs(e.value / (xs[0]! * xs[1]! * xs[1]! * xs[2]! * sw ** 8 * (1 / 4 + 5 / 12)) - 1)).toBeLessThan(1e-12);
      }
    }
  });

  test('a component read alone is the d_out = 1 network; the document passes its schema', () => {
    // Diagonal entries (one component) against the d_out = 1 document (its own series path): 1e-12 relative.
    const t3 = theory('erf', 1.4, 0.5, [-0.7, 0.1, 0.9], 2);
    const t1 = theory('erf', 1.4, 0.5, [-0.7, 0.1, 0.9], 1);
    const d2 = exactCorrelators(t3, 4);
    const d1 = exactCorrelators(t1, 4);
    for (const order of ['2', '4', '6'] as const) {
      for (const e1 of d1.correlators[order]) {
        for (const a of [0, 1]) {
          const e = find(
            d2.correlators[order],
            e1.idx,
            e1.idx.map(() => a),
          );
          expect(Math.abs(e.value - e1.value)).toBeLessThan(1e-12 * Math.abs(e1.value));
          expect(Math.abs(e.gp - e1.gp)).toBeLessThan(1e-13 * Math.abs(e1.gp));
        }
      }
    }
    expect(correlatorDocumentSchema.safeParse(JSON.parse(JSON.stringify(d2))).success).toBe(true);
    // The sum of the tensor coefficients is the d_out = 1 connected function.
    const T = tensorCoefficients(t1.network!, t1.ensemble.points, 4);
    T['4'].forEach((c, i) => expect(Math.abs(c.coefficients.reduce((s, v) => s + v, 0) - d1.connected['4'][i]!)).toBeLessThan(1e-13));
    T['6'].forEach((c, i) => expect(Math.abs(c.coefficients.reduce((s, v) => s + v, 0) - d1.connected['6'][i]!)).toBeLessThan(1e-13));
  });

  test.each(['erf', 'relu'])('%s, d_out = 2, N = 2: mixed 4- and 6-point functions vs brute-force Monte Carlo within 4.5 standard errors', (act) => {
    // 150000 networks of width 2 with two outputs sharing the hidden layer (a plain sampler, not src/ensemble).
    // Light tails: the sample standard error is reliable; 4.5 sigma leaves ~1e-5 false alarms per entry.
    const sw = 1.5;
    const sb = 0.6;
    const xs = [-1.0, 0.2, 0.9];
    const N = 2;
    const nets = 150000;
    const g = (z: number) => (act === 'erf' ? erf(z) : Math.max(0, z));
    const cases: [number[], number[]][] = [
      [
        [0, 1, 2, 2],
        [0, 0, 1, 1],
      ],
      [
        [0, 0, 1, 1],
        [0, 1, 0, 1],
      ],
      [
        [1, 1, 1, 1],
        [0, 0, 1, 1],
      ],
      [
        [0, 1, 1, 2, 2, 2],
        [0, 0, 1, 0, 1, 1],
      ],
      [
        [0, 0, 1, 1, 2, 2],
        [0, 1, 0, 1, 0, 1],
      ],
      [
        [0, 1, 2, 2],
        [0, 0, 0, 1],
      ],
    ];
    const rng = new TestRng(2024);
    const values = cases.map(() => new Float64Array(nets));
    const f = [new Float64Array(3), new Float64Array(3)];
    for (let k = 0; k < nets; k++) {
      for (const fa of f) fa.fill(sb * rng.normal());
      for (let j = 0; j < N; j++) {
        const w0 = sw * rng.normal();
        const b0 = sb * rng.normal();
        const w1 = [(sw / Math.sqrt(N)) * rng.normal(), (sw / Math.sqrt(N)) * rng.normal()];
        xs.forEach((x, p) => {
          const h = g(w0 * x + b0);
          f[0]![p]! += w1[0]! * h;
          f[1]![p]! += w1[1]! * h;
        });
      }
      cases.forEach(([idx, a], i) => (values[i]![k] = idx.reduce((pr, p, q) => pr * f[a[q]!]![p]!, 1)));
    }
    const doc = exactCorrelators(theory(act, sw, sb, xs, 2), N);
    cases.forEach(([idx, a], i) => {
      const mc = meanAndStderr(values[i]!);
      // the document's entries list components sorted within equal points: sort the pairs (p, a)
      const pairs = idx.map((p, q) => [p, a[q]!] as const).sort((u, v) => u[0] - v[0] || u[1] - v[1]);
      const e = find(
        doc.correlators[String(idx.length) as '4' | '6'],
        pairs.map((p) => p[0]),
        pairs.map((p) => p[1]),
      );
      expect(Math.abs(mc.mean - e.value) / mc.stderr).toBeLessThan(4.5);
      // the mixed entries resolve their finite-width part (> 3 sigma), so the check is not just the GP's
      if (i < 2) expect(Math.abs(e.value - e.gp)).toBeGreaterThan(3 * mc.stderr);
      if (i === 5) expect(e.value).toBe(0);
    });
  });
});
