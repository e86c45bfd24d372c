/**
 * The WebAssembly kernel's per-network draws (src/ensemble/features.ts, the "brg features" section of
 * wasm/sampler.ts): its SIMD features against Math.* evaluated here from the drawn parameters, the parameters'
 * distributions against their priors, and the cos-net's momenta against the uniform distribution in the ball
 * (E|p|^2 = d R^2/(d + 2), E|p|^4 = d R^4/(d + 4), P(|p| < R/2) = 2^-d, isotropy).
 */
import { describe, expect, test } from 'vitest';
import { activation, SAMPLED_ACTIVATIONS } from '../../src/activations/index.js';
import { FeatureSampler, type FeatureNetSpec } from '../../src/ensemble/index.js';
import { meanAndStderr } from '../helpers/rng.js';

/** Within 4 standard errors (a false alarm ~6e-5 per check). */
const near = (xs: ArrayLike<number>, expected: number) => {
  const { mean, stderr } = meanAndStderr(xs);
  expect(Math.abs(mean - expected)).toBeLessThan(4 * stderr);
};
const points = [
  [0, 0, 0],
  [1, -0.5, 0.25],
  [-2, 1.5, 3],
  [0.3, 0.1, -0.7],
];

describe('per-network draws of the WebAssembly kernel', () => {
  for (const name of SAMPLED_ACTIVATIONS) {
    test(`${name}: the kernel's features equal g evaluated here from the drawn parameters (odd and even widths)`, () => {
      const act = activation(name);
      for (const width of [7, 10]) {
        const spec: FeatureNetSpec = { kind: 'network', activation: name, dIn: 3, width, sigmaW: 1.3, sigmaB: 0.4 };
        const net = new FeatureSampler(spec).draw(11, 2, 5);
        const h = net.features(points);
        let worst = 0;
        points.forEach((x, p) => {
          let x2 = 0;
          for (const v of x) x2 += v * v;
          const uniform = act.hiddenBias === 'uniform-phase';
          const V = (uniform ? Math.PI ** 2 / 3 : 0.16) + (1.69 * x2) / 3;
          for (let j = 0; j < width; j++) {
            let z = net.b0[j]!;
            for (let k = 0; k < 3; k++) z += net.W0[j * 3 + k]! * x[k]!;
            const g = act.g(z, V);
            worst = Math.max(worst, Math.abs(h[p * width + j]! - g) / Math.max(1, Math.abs(g), Math.abs(z)));
          }
        });
        // The kernel's exp/erf/tanh/cos: a few ulp of the value (cos: of |z|, its argument reduction).
        expect(worst).toBeLessThan(1e-14);
      }
    });
  }

  test('the parameters follow the prior: W0 ~ N(0, sigma_w^2/d_in), b0 ~ N(0, sigma_b^2) or U[-pi, pi], xi ~ N(0, 1)', () => {
    const width = 4096;
    const tanh = new FeatureSampler({ kind: 'network', activation: 'tanh', dIn: 3, width, sigmaW: 1.3, sigmaB: 0.4 }).draw(1, 0, 0);
    near(tanh.W0, 0);
    near(
      tanh.W0.map((w) => w * w),
      1.69 / 3,
    );
    near(
      tanh.b0.map((b) => b * b),
      0.16,
    );
    near(tanh.xi, 0);
    near(
      tanh.xi.map((v) => v * v),
      1,
    );
    const cos = new FeatureSampler({ kind: 'network', activation: 'cos', dIn: 3, width, sigmaW: 1, sigmaB: 0.4 }).draw(1, 0, 0);
    expect(cos.b0.every((b) => Math.abs(b) <= Math.PI)).toBe(true);
    near(
      cos.b0.map((b) => b * b),
      Math.PI ** 2 / 3,
    );
  });

  test('network (seed, bag, net) does not depend on the networks drawn before it; other indices give other networks', () => {
    const spec: FeatureNetSpec = { kind: 'network', activation: 'relu', dIn: 2, width: 9, sigmaW: 1, sigmaB: 0.1 };
    const a = new FeatureSampler(spec);
    for (let j = 0; j < 5; j++) a.draw(3, 1, j);
    const late = a.draw(3, 1, 5);
    const direct = new FeatureSampler(spec).draw(3, 1, 5);
    expect(Array.from(late.W0)).toEqual(Array.from(direct.W0));
    expect(Array.from(late.xi)).toEqual(Array.from(direct.xi));
    const other = [a.draw(3, 1, 6), a.draw(3, 2, 5), a.draw(4, 1, 5), a.draw(3, -1, 5)];
    for (const o of other) expect(o.W0[0]).not.toBe(direct.W0[0]);
    // Features belong to the network last drawn.
    expect(() => late.features([[0, 0]])).toThrow(/after the next one was drawn/);
  });
});

describe('the generalized cos-net: momenta uniform in the ball |p| < R', () => {
  for (const d of [1, 2, 3, 5]) {
    test(`d = ${d}: E|p|^2 = d R^2/(d+2), E|p|^4 = d R^4/(d+4), P(|p| < R/2) = 2^-d, E p_1^2 = R^2/(d+2); features A cos(p.x + c)/sqrt(p^2 + m^2)`, () => {
      const R = 2.5;
      const m = 0.7;
      const A = 0.3;
      const width = 8192;
      const net = new FeatureSampler({ kind: 'cosnet', d, width, m, R, amplitude: A }).draw(7, -1, 3);
      const p2 = net.p2!;
      let norms = 0;
      let amps = 0;
      for (let j = 0; j < width; j++) {
        let s = 0;
        for (let k = 0; k < d; k++) s += net.W0[j * d + k]! ** 2;
        norms = Math.max(norms, Math.abs(s - p2[j]!));
        amps = Math.max(amps, Math.abs(net.xi[j]! - A / Math.sqrt(p2[j]! + m * m)));
      }
      expect(norms).toBeLessThan(1e-13 * R * R);
      expect(amps).toBeLessThan(1e-15);
      expect(Math.max(...p2)).toBeLessThan(R * R);
      near(p2, (d * R * R) / (d + 2));
      near(
        p2.map((q) => q * q),
        (d * R ** 4) / (d + 4),
      );
      near(
        p2.map((q) => (q < (R * R) / 4 ? 1 : 0)),
        2 ** -d,
      );
      near(
        Float64Array.from({ length: width }, (_, j) => net.W0[j * d]! ** 2),
        (R * R) / (d + 2),
      );
      near(
        Float64Array.from({ length: width }, (_, j) => net.W0[j * d]!),
        0,
      );
      near(
        net.b0.map((c) => c * c),
        Math.PI ** 2 / 3,
      );
      const xs = [new Array<number>(d).fill(0), Array.from({ length: d }, (_, k) => 3 - 1.7 * k)];
      const h = net.features(xs);
      let worst = 0; // |kernel - Math.cos| in units of the argument's size (its reduction's rounding)
      xs.forEach((x, p) => {
        for (let j = 0; j < width; j++) {
          let z = net.b0[j]!;
          for (let k = 0; k < d; k++) z += net.W0[j * d + k]! * x[k]!;
          worst = Math.max(worst, Math.abs(h[p * width + j]! - net.xi[j]! * Math.cos(z)) / Math.max(1, Math.abs(z)));
        }
      });
      expect(worst).toBeLessThan(1e-15);
    });
  }
});
