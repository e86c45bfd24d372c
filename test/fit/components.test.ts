import { describe, expect, test } from 'vitest';
import { correlatorDocumentSchema } from '../../src/correlators/index.js';
import { exactCorrelators } from '../../src/exact/index.js';
import { couplings, kkFactors, withCouplings } from '../../src/fit/index.js';
import { parseTheory, type Theory } from '../../src/theory/index.js';

const theory = (activation: string, sw: number, sb: number, points: number[], dOut: number): Theory =>
  parseTheory(
    `network:\n  activation: ${activation}\n  sigma_w: ${sw}\n  sigma_b: ${sb}\n  d_out: ${dOut}\nensemble:\n  points: [${points.join(', ')}]\n`,
    'test.yaml',
  );

describe('O(d_out) couplings', () => {
  test('field_theory.components defaults to d_out', () => {
    expect(theory('relu', 1, 0, [0.5], 3).field_theory.components).toBe(3);
  });

  test('ReLU sigma_b = 0: every component pattern gives the d_out = 1 coupling of its points', () => {
    // f_a(x) = x S_a (positive x), so G4c(a; x) = x1..x4 n4(a) c4 with n4(a) the component-respecting pairings
    // of delta_ab delta_cd + 2 perms: the tensor is exactly that of the (phi.phi)^2 vertex (u4/3) T_abcd, and
    // u4 = -3 G4c / (n4 I4) is the same on every entry of the same points (1e-12 relative).
    const xs = [0.3, 1.2];
    const one = couplings(exactCorrelators(theory('relu', 1.1, 0, xs, 1), 5), theory('relu', 1.1, 0, xs, 1), 'physical');
    const t3 = theory('relu', 1.1, 0, xs, 3);
    const three = couplings(exactCorrelators(t3, 5), t3, 'physical');
    const byPoints = new Map(one.u4.values.map((v) => [v.idx.join(), v.value]));
    // entries with an odd count of some component vanish and carry no coupling
    expect(three.u4.values.length).toBeLessThan(exactCorrelators(t3, 5).correlators['4'].length);
    for (const v of three.u4.values) expect(Math.abs(v.value / byPoints.get(v.idx.join())! - 1)).toBeLessThan(1e-12);
    expect(three.u4.values.some((v) => new Set(v.components).size > 1)).toBe(true);
  });

  test('u6 with one point: the exchange tensor (u4^2/9) sum T T and the sextic vertex (u6/15) sum_15 delta delta delta', () => {
    // With one input point every kernel integral E(A, B) is the same, G6c = n6(a) c6, and the 9 exchange pairings
    // summed over the 10 splits count 6 n6(a) (each pairing, with a choice of its crossing pair, gives 2 splits);
    // so u6 = -15 (c6 - (2/3) u4^2 E) / I6 on every entry, the d_out = 1 value (ReLU sigma_b = 0; 1e-11).
    for (const act of ['relu', 'erf']) {
      const t1 = theory(act, 1.1, act === 'relu' ? 0 : 0.4, [0.6], 1);
      const t2 = theory(act, 1.1, act === 'relu' ? 0 : 0.4, [0.6], 2);
      const one = couplings(exactCorrelators(t1, 7), t1, 'physical');
      const two = couplings(exactCorrelators(t2, 7), t2, 'physical');
      expect(two.u6.values.map((v) => v.components!.join())).toEqual(['0,0,0,0,0,0', '0,0,0,0,1,1', '0,0,1,1,1,1', '1,1,1,1,1,1']);
      for (const v of two.u6.values) expect(Math.abs(v.value / one.u6.mean - 1)).toBeLessThan(1e-11);
    }
  });

  test('both normalizations; the document with couplings passes its schema', () => {
    const t = theory('gauss', 1.2, 1, [-0.2, 0.1], 2);
    const doc = withCouplings(exactCorrelators(t, 10), t);
    expect(correlatorDocumentSchema.safeParse(JSON.parse(JSON.stringify(doc))).success).toBe(true);
    const kk = couplings(doc, t, 'kk');
    const f = kkFactors(t.network!);
    expect(Math.abs(kk.u4.mean / (doc.couplings!.u4.mean * f.u4) - 1)).toBeLessThan(1e-14);
    expect(Math.abs(kk.u6.mean / (doc.couplings!.u6.mean * f.u6) - 1)).toBeLessThan(1e-14);
    expect(doc.couplings!.u4.values[0]!.components).toEqual([0, 0, 0, 0]);
  });
});
