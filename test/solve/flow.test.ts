import { describe, expect, it } from 'vitest';
import { integrateFlow } from '../../src/solve/index.js';
import { linearSystem, litimPhi4 } from './systems.js';

describe('integrateFlow', () => {
  it('integrates a linear flow to 1e-10 (exact solution e^{-t} rotation)', () => {
    // g(t) = e^{-t} [cos t, -sin t; sin t, cos t] g0 solves dg/dt = [[-1,-1],[1,-1]] g.
    const g0 = [0.7, -0.3];
    for (const to of [-6, 4]) {
      const r = integrateFlow(linearSystem(), g0, { from: 0, to, rtol: 1e-13, atol: 1e-15, samples: 51 });
      expect(r.stop.reason).toBe('completed');
      expect(r.t.length).toBe(51);
      for (let k = 0; k < r.t.length; k++) {
        const t = r.t[k]!;
        const e = Math.exp(-t);
        const exact = [e * (Math.cos(t) * g0[0]! - Math.sin(t) * g0[1]!), e * (Math.sin(t) * g0[0]! + Math.cos(t) * g0[1]!)];
        // relative to the size of g (which grows to e^6 ~ 400 toward t = -6)
        const scale = e * Math.hypot(g0[0]!, g0[1]!);
        expect(Math.abs(r.g[k]![0]! - exact[0]!) / scale).toBeLessThan(1e-10);
        expect(Math.abs(r.g[k]![1]! - exact[1]!) / scale).toBeLessThan(1e-10);
      }
    }
  });

  it('stops at the pole 1 + m2 -> 0 with the reason and the flow up to there', () => {
    // Strongly negative m2 in the IR: beta_m2 = -2 m2 - c u4/(1+m2)^2 drives m2 to -1 at finite t.
    const sys = litimPhi4(3, 1);
    const r = integrateFlow(sys, [-0.5, 0.05], { from: 0, to: -10, rtol: 1e-10, atol: 1e-12 });
    expect(r.stop.reason).toBe('pole');
    expect(r.stop.t).toBeLessThan(0);
    expect(r.stop.t).toBeGreaterThan(-10);
    const last = r.g[r.g.length - 1]!;
    expect(1 + last[0]!).toBeCloseTo(1e-4, 8); // located by bisection on the dense output
    expect(r.t[r.t.length - 1]).toBe(r.stop.t);
  });

  it('stops on blow-up', () => {
    const sys = { couplings: ['g'], beta: ([g]: number[]) => [-(g! ** 2)] }; // g = 1/(1 + t): blows up at t = -1
    const r = integrateFlow(sys, [1], { from: 0, to: -2, rtol: 1e-10, atol: 1e-12, blowUp: 1e6 });
    expect(r.stop.reason).toBe('blow-up');
    expect(r.stop.t).toBeCloseTo(-1 + 1e-6, 9);
  });

  it('reports stiffness as max-steps (odex is explicit), with the flow so far', () => {
    // g' = -1e6 (g - cos s), s' = 1: stiff; an explicit method needs steps ~1e-6 to stay stable.
    const sys = { couplings: ['g', 's'], beta: ([g, s]: number[]) => [-1e6 * (g! - Math.cos(s!)), 1] };
    const r = integrateFlow(sys, [1, 0], { from: 0, to: 1, rtol: 1e-10, atol: 1e-12, maxSteps: 300 });
    expect(r.stop.reason).toBe('max-steps');
    expect(r.stop.message).toMatch(/stiff/);
    expect(r.stop.t).toBeGreaterThan(0);
    expect(r.t[r.t.length - 1]).toBe(r.stop.t);
  });

  it('stops on NaN at the last good point', () => {
    // beta is NaN for g > 0.5; g = t from 0: the run stops at some t <= 0.5 (the last accepted step).
    const sys = { couplings: ['g'], beta: ([g]: number[]) => [g! > 0.5 ? NaN : 1] };
    const r = integrateFlow(sys, [0], { from: 0, to: 2, rtol: 1e-10, atol: 1e-12, samples: 0 });
    expect(r.stop.reason).toBe('nan');
    expect(r.stop.t).toBeLessThanOrEqual(0.5);
    expect(r.g.every((g) => Number.isFinite(g[0]))).toBe(true);
  });
});
