import { describe, expect, it } from 'vitest';
import { parseCouplings } from '../../src/cli/commands/flow.js';
import { fixedPointsOfTheory, flowOfTheory } from '../../src/solve/index.js';
import { InputError, parseTheory } from '../../src/theory/index.js';

const net = (extra = '') => parseTheory(`name: g\nnetwork: {activation: gauss, d_in: 1, sigma_w: 1.5}\nscan: {sigma_w: [1.5, 3, 6]}\n${extra}`, 'net.yaml');
const ising = (extra = '') => parseTheory(`name: i\nfield_theory: {dimension: 3, truncation: 6, regulator: litim, expand: zero}\n${extra}`, 'ising.yaml');

describe('theory-level flows (NN-QFT)', () => {
  it('active flow in sigma_w: u4 ~ sigma_w^(d_in-4), u6 ~ sigma_w^(d_in-6) (physical), K_k exponents with kk', () => {
    for (const [norm, e4, e6] of [
      ['physical', -3, -5],
      ['kk', 3, 4],
    ] as const) {
      // atol 1e-16: u6 decays to ~2e-6 here, and the default atol 1e-12 would allow 5e-7 relative error.
      const r = flowOfTheory(net(`ensemble: {normalization: ${norm}}\nflow: {atol: 1.0e-16}`), { active: true, couplings: { u4: -0.01, u6: 0.002 } });
      const f = r.flow;
      expect(f.stop.reason).toBe('completed');
      const s = Math.exp(f.t[f.t.length - 1]!);
      expect(s).toBeCloseTo(6, 12); // max(scan.sigma_w); from the network's sigma_w = 1.5
      const ratio = s / 1.5;
      // closed form of the linear flow; theory rtol 1e-10 over ~10 steps: 1e-8 relative
      expect(Math.abs(f.g[f.g.length - 1]![0]! / (-0.01 * ratio ** e4) - 1)).toBeLessThan(1e-8);
      expect(Math.abs(f.g[f.g.length - 1]![1]! / (0.002 * ratio ** e6) - 1)).toBeLessThan(1e-8);
      expect(r.exact!.exponents).toEqual({ u4: e4, u6: e6 });
    }
  });

  it('passive flow: Wetterich-Litim phi^6 starting at m2 = m0^2 = 2 sigma_w^2/d_in', () => {
    const r = flowOfTheory(net(), { couplings: { u4: 0.1 }, to: -0.5 });
    expect(r.mode).toBe('passive');
    expect(r.flow.couplings).toEqual(['m2', 'u4', 'u6']);
    expect(r.initial).toEqual({ m2: 2 * 1.5 ** 2, u4: 0.1, u6: 0 });
    expect(r.flow.stop.reason).toBe('completed');
    // At t -> 0-, dm2/dt = -2 m2 - c_1 u4/(1+m2)^2 with c_1 = 1/pi (d = 1): check the first step's slope.
    const [t1, g1] = [r.flow.t[1]!, r.flow.g[1]!];
    const slope = (g1[0]! - 4.5) / t1;
    expect(slope).toBeCloseTo(-2 * 4.5 - ((1 / Math.PI) * 0.1) / 5.5 ** 2, 1);
  });
});

describe('theory-level input errors', () => {
  it('names the coupling and its source', () => {
    expect(() => flowOfTheory(ising('flow: {couplings: {u5: 1}}'))).toThrow(
      /ising\.yaml: flow\.couplings\.u5: expected a coupling of this truncation \(m2, u4, u6\)/,
    );
    expect(() => flowOfTheory(ising(), { couplings: { kappa: 1 } })).toThrow(/command line: --couplings \(kappa\)/);
    expect(() => parseCouplings('m2=abc', '--couplings')).toThrow(InputError);
    expect(() => parseCouplings('m2', '--couplings')).toThrow(/name=value/);
  });

  it('full method needs Wetterich-Litim and 2 < d < 4; dimensionful theories are refused', () => {
    expect(() => fixedPointsOfTheory(parseTheory('field_theory: {regulator: exponential}\nfixed_points: {method: full}', 'x.yaml'))).toThrow(
      /--method full for the Wetterich scheme with the Litim regulator/,
    );
    expect(() => fixedPointsOfTheory(parseTheory('field_theory: {dimension: 4, regulator: litim}\nfixed_points: {method: full}', 'x.yaml'))).toThrow(
      /2 < d < 4/,
    );
    expect(() => fixedPointsOfTheory(parseTheory('field_theory: {dimensionful: true}', 'x.yaml'))).toThrow(/dimensionful/);
  });

  it('Polchinski truncations carry the convergence warning through', () => {
    const r = fixedPointsOfTheory(parseTheory('field_theory: {dimension: 3, scheme: polchinski, truncation: 6}', 'p.yaml'), { order: 6 });
    expect(r.warnings.join(' ')).toMatch(/Polchinski polynomial truncations converge badly/);
    expect(r.fixedPoints.some((f) => f.name === 'Gaussian')).toBe(true);
  });
});
