import katex from 'katex';
import nerdamer from 'nerdamer';
import { eigs } from 'mathjs';
import { describe, expect, test } from 'vitest';
import { activeRgExponents, cd, derive, type DeriveOptions, symbolicBetas, thresholdEvaluator, vd } from '../../src/flow/index.js';
import { REGULATORS, REGULATOR_NAMES } from '../../src/regulators/index.js';
import { SCHEMES, SCHEME_NAMES, type SchemeName } from '../../src/schemes/index.js';
import { Q } from '../../src/symbolic/index.js';
import { InputError } from '../../src/theory/index.js';
import { gaussianEigenvalues, PHI4_ZERO_D3 } from '../helpers/lpa-reference.js';
import ref from './fixtures/scipy-sympy-reference.json' with { type: 'json' };

const base: DeriveOptions = { scheme: 'wetterich', regulator: 'litim', expand: 'zero', d: 3, N: 1, order: 4, dimensionless: true };
const opts = (o: Partial<DeriveOptions>): DeriveOptions => ({ ...base, ...o });

/** Exact values of the ring's derived symbols at rational couplings (L = 1/(1+m2), LR = 1/(1 + 2 kappa l2), il2 = 1/l2). */
function exactValues(couplings: string[], g: Q[], d: Q, N: Q): Record<string, Q> {
  const v: Record<string, Q> = { d, N, c_d: Q.ONE, LG: Q.ONE };
  couplings.forEach((c, i) => {
    v[c] = g[i]!;
  });
  if (v.m2) v.L = Q.ONE.add(v.m2).inv();
  if (v.l2) {
    v.il2 = v.l2.inv();
    v.LR = Q.ONE.add(Q.int(2).mul(v.kappa!).mul(v.l2)).inv();
  }
  return v;
}

describe('Wetterich LPA, Litim, around phi = 0', () => {
  test('phi^4 matches the hand-derived closed form (docs/derive.md), for N = 1 and N = 4', () => {
    // beta_m2 = -2 m2 - (N+2)/3 c_d u4/(1+m2)^2,  beta_u4 = (d-4) u4 + 2(N+8)/3 c_d u4^2/(1+m2)^3
    for (const [d, N] of [
      [3, 1],
      [3, 4],
      [2.5, 2],
      [4, 1],
    ] as const) {
      const s = derive(opts({ d, N })).system;
      const c = cd(d);
      for (const [m2, u4] of [
        [0.1, 0.5],
        [-0.3, 2],
        [0.7, -1],
      ] as const) {
        const [b1, b2] = s.beta([m2, u4]);
        const L = 1 / (1 + m2);
        expect(b1).toBeCloseTo(-2 * m2 - ((N + 2) / 3) * c * u4 * L ** 2, 14);
        expect(b2).toBeCloseTo((d - 4) * u4 + ((2 * (N + 8)) / 3) * c * u4 ** 2 * L ** 3, 14);
      }
    }
    // and c_d itself: 1/(6 pi^2) in d = 3, 1/(32 pi^2) in d = 4, 1/(2 pi) in d = 1 ... closed forms of 1/(2^(d-1) d pi^(d/2) Gamma(d/2))
    expect(cd(3)).toBeCloseTo(1 / (6 * Math.PI ** 2), 16);
    expect(cd(4)).toBeCloseTo(1 / (32 * Math.PI ** 2), 16);
    expect(cd(1)).toBeCloseTo(1 / Math.PI, 15);
  });
  test('phi^4 Wilson-Fisher point in d = 3, N = 1 is at the closed-form m2 = -1/13, u4 = (12/13)^3/(6 c_d)', () => {
    // beta_u4 = 0: u4 = (1+m2)^3/(6 c_d); then beta_m2 = 0: -2 m2 = (1+m2)/6, m2 = -1/13 (test/helpers/lpa-reference.ts, c_d = 1 there).
    const s = derive(base).system;
    const g = [PHI4_ZERO_D3.m2, PHI4_ZERO_D3.u4 / cd(3)];
    for (const b of s.beta(g)) expect(Math.abs(b)).toBeLessThan(1e-14);
  });
  test('phi^6 structure: beta_u6 has 30 u4 u6/(1+m2)^3 and -90 u4^3/(1+m2)^4 (times c_d) for N = 1', () => {
    const sym = symbolicBetas(opts({ order: 6 }));
    const b6 = sym.betas[2]!.subst('N', sym.ring.const(Q.ONE));
    const r = sym.ring;
    const coeff = (mono: ReturnType<typeof r.v>) => {
      const t = [...mono.terms.values()][0]!;
      return b6.terms.get(t.e.join(','))?.c.toString();
    };
    expect(coeff(r.v('u4').mul(r.v('u6')).mul(r.v('c_d')).mul(r.v('L', 3)))).toBe('30');
    expect(coeff(r.v('u4', 3).mul(r.v('c_d')).mul(r.v('L', 4)))).toBe('-90');
    // and the printed (N symbolic) form: 2(N+14) = 30, 10(N+26)/3 = 90 at N = 1
    const text = derive(opts({ order: 6 })).betas.u6!.text;
    expect(text).toContain('2*(N + 14)*u4*u6*c_d/(1 + m2)^3');
    expect(text).toContain('- 10*(N + 26)*u4^3*c_d/(3*(1 + m2)^4)');
    expect(text).toContain('2*(d - 3)*u6');
  });
});

describe('exact against an independent sympy expansion (test/flow/fixtures/reference-*.py)', () => {
  // sympy Taylor-expands the full flow equation (F = c_d/(1+w), c_d = 1) at d = 5/2, N = 3, order phi^8.
  const REF_ORDER8: Record<string, string[]> = {
    'wetterich,zero': ['-7/24', '303/400', '-30669/30800', '-2462099/308000'],
    'wetterich,minimum': ['62897/15162', '176218376/92425025', '14172014562/5587512875', '-19221634291222931/899198446973750'],
    'polchinski,zero': ['2/9', '-16/15', '1682/385', '-6191/330'],
    'polchinski,minimum': ['233/42', '-35456/40425', '4766/1925', '28507/3234'],
  };
  for (const key of Object.keys(REF_ORDER8)) {
    test(`${key}, phi^8, exact rationals`, () => {
      const [scheme, expand] = key.split(',') as [SchemeName, 'zero' | 'minimum'];
      const s = symbolicBetas(opts({ scheme, expand, order: 8 }));
      const g = expand === 'zero' ? [Q.of(1, 3), Q.of(-2, 5), Q.of(3, 7), Q.of(1, 11)] : [Q.of(1, 3), Q.of(2, 5), Q.of(3, 7), Q.of(-1, 11)];
      const v = exactValues(s.couplings, g, Q.of(5, 2), Q.int(3));
      expect(s.betas.map((b) => b.evaluateExact(v).toString())).toEqual(REF_ORDER8[key]);
    });
  }
  test('phi^12 end to end in exact rationals (d = 3, N = 2)', () => {
    const s = symbolicBetas(opts({ order: 12 }));
    const g = [Q.of(1, 5), Q.of(-1, 3), Q.of(2, 7), Q.of(-3, 11), Q.of(5, 13), Q.of(-7, 17)];
    const v = exactValues(s.couplings, g, Q.int(3), Q.int(2));
    expect(s.betas.map((b) => b.evaluateExact(v).toString())).toEqual(ref.order12_d3_N2);
  });
});

describe('Gaussian fixed point: the stability matrix is triangular with the canonical eigenvalues on its diagonal', () => {
  // The authoritative check of these eigenvalues (test/helpers/lpa-reference.ts); solve/ checks that it finds and names the point.
  for (const scheme of ['wetterich', 'polchinski'] as const) {
    for (const regulator of scheme === 'wetterich' ? (['litim', 'exponential'] as const) : (['litim'] as const)) {
      test(`${scheme} ${regulator}`, () => {
        for (const [d, N] of [
          [3, 1],
          [4, 3],
          [2.5, 1],
        ] as const) {
          const s = derive(opts({ scheme, regulator, d, N, order: 12 })).system;
          const J = s.jacobian(new Array(6).fill(0));
          const theta = gaussianEigenvalues(d, 6);
          J.forEach((row, i) =>
            row.forEach((x, j) => {
              if (j < i) expect(x).toBe(0);
              if (j === i) expect(x).toBeCloseTo(theta[i]!, 13);
            }),
          );
          for (const b of s.beta(new Array(6).fill(0))) expect(Math.abs(b)).toBe(0);
        }
      });
    }
  }
});

describe('phi^4 around the minimum in closed form (d = 3, N = 1)', () => {
  test('w = 2 kappa l2 = 1/2, kappa = 4 c_d/3, l2 = (3/2)^3/(18 c_d) is a zero of beta, with theta = -2 (nu = 1/2)', () => {
    // (The converged exponent nu = 0.6496 is checked on the full function, test/solve/lpa-full.test.ts.)
    const c = cd(3);
    const g = [(4 * c) / 3, 3.375 / (18 * c)];
    const s = derive(opts({ expand: 'minimum', order: 4 })).system;
    s.beta(g).forEach((b, i) => expect(Math.abs(b)).toBeLessThan(1e-13 * Math.max(1, Math.abs(g[i]!))));
    const ev = (eigs(s.jacobian(g)).values as unknown as (number | { re: number })[]).map((v) => (typeof v === 'number' ? v : v.re));
    expect(Math.min(...ev)).toBeCloseTo(-2, 12);
  });
});

describe("zero-dimensional LPA (mass regulator, d = 0): d_t U = k^2/(k^2 + U'')", () => {
  // Hand expansion of k^2/(D + delta), D = k^2 + m2, delta = u4 phi^2/2 + u6 phi^4/4! + u8 phi^6/6!:
  // k^2 [-delta/D^2 + delta^2/D^3 - delta^3/D^4 + delta^4/D^5], read off at phi^2 (x 2!), phi^4 (x 4!), ...
  const zero: DeriveOptions = { scheme: 'wetterich', regulator: 'mass', expand: 'zero', d: 0, N: 1, order: 8, dimensionless: false };
  test('the vertex expansion at phi = 0 (N = 1, k = 1): the betas are the hand-expanded ones', () => {
    const s = derive(zero).system;
    for (const g of [
      [0.3, -0.7, 1.1, -2.3],
      [-0.4, 2, -5, 7],
    ]) {
      const [m2, u4, u6, u8] = g as [number, number, number, number];
      const D = 1 + m2;
      const want = [
        -u4 / D ** 2,
        -u6 / D ** 2 + (6 * u4 ** 2) / D ** 3,
        -u8 / D ** 2 + (30 * u4 * u6) / D ** 3 - (90 * u4 ** 3) / D ** 4,
        (56 * u4 * u8 + 70 * u6 ** 2) / D ** 3 - (1260 * u4 ** 2 * u6) / D ** 4 + (2520 * u4 ** 4) / D ** 5,
      ];
      s.beta(g).forEach((b, i) => expect(b).toBeCloseTo(want[i]!, 11));
    }
  });
  test('printed with k explicit (dimensionful) and with the canonical -2n u_2n terms (dimensionless)', () => {
    const r = derive(zero);
    expect(r.betas.m2!.text).toBe('-(N + 2)*u4*k^2/(3*(k^2 + m2)^2)');
    expect(r.betas.u4!.text).toBe('-(N + 4)*u6*k^2/(5*(k^2 + m2)^2) + 2*(N + 8)*u4^2*k^2/(3*(k^2 + m2)^3)');
    for (const c of r.couplings) katex.renderToString(r.betas[c]!.latex, { throwOnError: true });
    const dl = derive({ ...zero, dimensionless: true, order: 4 });
    expect(dl.betas.m2!.text).toBe('-2*m2 - (N + 2)*u4/(3*(1 + m2)^2)');
    expect(dl.betas.u4!.text).toBe('-4*u4 + 2*(N + 8)*u4^2/(3*(1 + m2)^3)');
  });
  test('the mass regulator only at d = 0, and only it there (InputError naming the key)', () => {
    expect(() => derive({ ...zero, d: 3 })).toThrow(/field_theory.dimension: expected 0 for the mass regulator/);
    expect(() => derive({ ...zero, regulator: 'litim' })).toThrow(/field_theory.regulator: expected mass at dimension 0/);
    expect(() => derive({ ...zero, d: -1 })).toThrow(InputError);
    expect(cd(0)).toBe(1);
  });
});

describe('numeric system', () => {
  const configs: Partial<DeriveOptions>[] = [];
  for (const scheme of SCHEME_NAMES)
    for (const regulator of REGULATOR_NAMES)
      for (const expand of ['zero', 'minimum'] as const)
        if (SCHEMES[scheme].thresholds || regulator === 'litim')
          configs.push({ scheme, regulator, expand, N: 3, order: 8, d: REGULATORS[regulator].zeroDimensional ? 0 : 3 });
  test('the exact Jacobian agrees with central differences of beta (all schemes, regulators, expansions)', () => {
    for (const c of configs) {
      const s = derive(opts(c)).system;
      const g = [0.08, 0.3, -0.2, 0.15];
      const J = s.jacobian(g);
      const h = 1e-6;
      for (let j = 0; j < 4; j++) {
        const gp = g.slice();
        gp[j]! += h;
        const gm = g.slice();
        gm[j]! -= h;
        const bp = s.beta(gp);
        const bm = s.beta(gm);
        // central difference error ~ h^2 |beta'''| + eps |beta|/h: 1e-8 is ample at these scales (c_d = 1 at d = 0
        // makes the mass regulator's betas ~60 times the d = 3 ones: relative to the entry there)
        for (let i = 0; i < 4; i++) expect(Math.abs((bp[i]! - bm[i]!) / (2 * h) - J[i]![j]!)).toBeLessThan(1e-8 * Math.max(1, Math.abs(J[i]![j]!)));
      }
    }
  });
  test('compiled Litim betas equal the exact symbolic values at a rational point', () => {
    const o = opts({ order: 12, N: 2 });
    const sym = symbolicBetas(o);
    const gq = [Q.of(1, 5), Q.of(-1, 3), Q.of(2, 7), Q.of(-3, 11), Q.of(5, 13), Q.of(-7, 17)];
    const v = exactValues(sym.couplings, gq, Q.int(3), Q.int(2));
    const exact = sym.betas.map((b) => b.subst('c_d', sym.ring.const(Q.ONE)));
    // c_d is transcendental: compare the c_d-linear and canonical parts separately by evaluating at c_d scaled out
    const s = derive(o).system.beta(gq.map((x) => x.toNumber()));
    const cdv = cd(3);
    sym.betas.forEach((b, i) => {
      const canon = b.coeffOf('c_d', 0).evaluateExact(v).toNumber();
      const loop = b.coeffOf('c_d', 1).evaluateExact(v).toNumber();
      expect(s[i]).toBeCloseTo(canon + cdv * loop, 10);
      expect(exact[i]!.evaluateExact(v).toNumber()).toBeCloseTo(canon + loop, 10);
    });
  });
  test('poleDistance: 1 + m2 at phi = 0; min(1 + 2 kappa l2, l2, 1) at the minimum; none for Polchinski at zero', () => {
    expect(derive(base).system.poleDistance([-0.4, 1])).toBeCloseTo(0.6, 15);
    expect(derive(opts({ expand: 'minimum', N: 2 })).system.poleDistance([-0.5, 0.6])).toBeCloseTo(0.4, 15);
    expect(derive(opts({ scheme: 'polchinski' })).system.poleDistance([-5, 1])).toBe(Infinity);
  });
});

describe('threshold functions by quadrature', () => {
  const refs = ref as unknown as { exp: Record<string, number>; ker: Record<string, number> };
  test('exponential regulator against scipy.integrate.quad (rel. 1e-10, about the accuracy of scipy at epsrel 1e-13)', () => {
    for (const [k, want] of Object.entries(refs.exp)) {
      const [d, m, w] = k.split(',').map(Number) as [number, number, number];
      expect(Math.abs(thresholdEvaluator(REGULATORS.exponential, d, 5)(w)[m]! / want - 1)).toBeLessThan(1e-10);
    }
  });
  test('kernel regulator: closed form at w = 0, scipy elsewhere', () => {
    // l_m(0) = v_d int y^(d/2-1) (1-y) e^(-m y) dy = v_d [Gamma(d/2) m^(-d/2) - Gamma(d/2+1) m^(-d/2-1)]
    const GAMMA: Record<number, number> = { 0.5: Math.sqrt(Math.PI), 1: 1, 1.5: Math.sqrt(Math.PI) / 2, 2: 1, 2.5: (3 * Math.sqrt(Math.PI)) / 4 };
    const G = (x: number) => GAMMA[x] ?? NaN;
    for (const d of [1, 2, 3]) {
      const t = thresholdEvaluator(REGULATORS.kernel, d, 5)(0);
      for (let m = 1; m <= 5; m++) expect(t[m]).toBeCloseTo(vd(d) * (G(d / 2) * m ** (-d / 2) - G(d / 2 + 1) * m ** (-d / 2 - 1)), 13);
    }
    for (const [k, want] of Object.entries(refs.ker)) {
      const [d, m, w] = k.split(',').map(Number) as [number, number, number];
      expect(Math.abs(thresholdEvaluator(REGULATORS.kernel, d, 5)(w)[m]! / want - 1)).toBeLessThan(1e-10);
    }
  });
  test('kernel regulator: F(w) = l_0 diverges (integrand -> 2(1-y) y^(d/2-1)), its derivatives l_m, m >= 1, converge', () => {
    const reg = REGULATORS.kernel;
    const partial = (m: number, Y: number) => {
      let s = 0;
      const n = 20000;
      for (let i = 0; i < n; i++) {
        const y = ((i + 0.5) * Y) / n;
        s += (reg.h(y) / reg.r(y) ** (m + 1)) * Math.sqrt(y) * (Y / n);
      }
      return s;
    };
    expect(Math.abs(partial(0, 40) - partial(0, 20))).toBeGreaterThan(100); // grows like Y^(5/2) in d = 3
    expect(Math.abs(partial(1, 40) - partial(1, 20))).toBeLessThan(1e-5);
    expect(Number.isNaN(thresholdEvaluator(reg, 3, 2)(0)[0])).toBe(true);
  });
  test('Litim thresholds from the same quadrature reproduce c_d/(1+w)^(m+1) (checks the measure v_d)', () => {
    // Litim's h has a jump at y = 1 = s: our panels are aligned to s in [0, 12] with width 0.5, so 1 is a panel edge.
    const t = thresholdEvaluator(REGULATORS.litim, 3, 3)(0.3);
    for (let m = 0; m <= 3; m++) expect(t[m]).toBeCloseTo(cd(3) / 1.3 ** (m + 1), 14);
  });
});

describe('output, options, warnings', () => {
  test('every LaTeX beta renders in KaTeX (throwOnError)', () => {
    for (const scheme of SCHEME_NAMES)
      for (const regulator of REGULATOR_NAMES)
        for (const expand of ['zero', 'minimum'] as const)
          for (const dimensionless of SCHEMES[scheme].thresholds ? [true, false] : [true]) {
            const r = derive(opts({ scheme, regulator, expand, dimensionless, order: 8, d: REGULATORS[regulator].zeroDimensional ? 0 : 3 }));
            for (const c of r.couplings) katex.renderToString(r.betas[c]!.latex, { throwOnError: true });
          }
    const net = derive(opts({ regulator: 'kernel', d: 1, network: { activation: 'gauss', d_in: 1, d_out: 1 } }));
    katex.renderToString(net.largeN!.latex, { throwOnError: true });
  });
  test('the text form parses in nerdamer and evaluates to the compiled betas (Litim, Polchinski)', () => {
    const cases = [
      opts({ order: 6, N: 2, d: 3 }),
      opts({ order: 6, expand: 'minimum', N: 3, d: 3 }),
      opts({ scheme: 'polchinski', order: 6, expand: 'minimum', N: 2 }),
    ];
    for (const o of cases) {
      const r = derive(o);
      const g = [0.12, 0.8, -0.3];
      const want = r.system.beta(g);
      const vars: Record<string, string> = { d: String(o.d), N: String(o.N), c_d: String(cd(o.d)) };
      r.couplings.forEach((c, i) => {
        vars[c] = String(g[i]);
      });
      r.couplings.forEach((c, i) => {
        const got = Number(nerdamer(r.betas[c]!.text, vars).evaluate().text('decimals'));
        expect(got).toBeCloseTo(want[i]!, 10);
      });
    }
  });
  test('dimensionful form: no canonical terms, explicit k in the thresholds', () => {
    const r = derive(opts({ order: 6, dimensionless: false }));
    expect(r.betas.m2!.text).toBe('-(N + 2)*u4*c_d*k^(d+2)/(3*(k^2 + m2)^2)');
    expect(r.betas.u6!.text).not.toContain('d - 3');
    expect(derive(opts({ regulator: 'exponential', dimensionless: false })).betas.m2!.text).toContain('k^(d-2)*l_1(m2/k^2)');
    expect(r.warnings.join()).toContain('k = 1');
  });
  test('Polchinski warns about convergence; bad options are InputErrors naming the key', () => {
    expect(derive(opts({ scheme: 'polchinski' })).warnings[0]).toMatch(/converge badly/);
    expect(derive(base).warnings).toEqual([]);
    expect(() => derive(opts({ order: 5 }))).toThrow(InputError);
    expect(() => derive(opts({ expand: 'minimum', order: 2 }))).toThrow(/field_theory.truncation/);
    expect(() => derive(opts({ d: -1 }))).toThrow(/field_theory.dimension/);
    expect(() => derive(opts({ d: 0 }))).toThrow(/field_theory.regulator: expected mass at dimension 0/);
    expect(() => derive(opts({ N: 0 }))).toThrow(/field_theory.components/);
    expect(() => derive(opts({ scheme: 'polchinski', dimensionless: false }))).toThrow(/dimensionful/);
  });
  test('O(N) Polchinski at N = 1 reduces to the single-field equation, expanded by hand', () => {
    // d_t v = -d v + (d-2)/2 phi v' - v'' + v'^2 with v = m2 phi^2/2 + u4 phi^4/24, read off by hand:
    // phi^2: -d m2/2 + (d-2) m2/2 - u4/2 + m2^2  ->  beta_m2 = -2 m2 - u4 + 2 m2^2
    // phi^4: (d-4) u4/24 + m2 u4/3              ->  beta_u4 = (d-4) u4 + 8 m2 u4
    const s = derive(opts({ scheme: 'polchinski', d: 3 })).system;
    const [b1, b2] = s.beta([0.2, 0.7]);
    expect(b1).toBeCloseTo(-0.4 - 0.7 + 2 * 0.04, 14);
    expect(b2).toBeCloseTo(-0.7 + 8 * 0.2 * 0.7, 14);
  });
});

describe('large N (GaussNet active RG)', () => {
  test('exponents in both normalizations, and the field rescaling between them', () => {
    for (const dIn of [1, 2, 3, 5]) {
      const kk = activeRgExponents(dIn, 'kk');
      const ph = activeRgExponents(dIn, 'physical');
      expect(kk).toEqual({ u4: 4 - dIn, u6: 6 - 2 * dIn });
      // u4_f = u4_phi/(C^2 k^(8-2d)), u6_f = u6_phi/(C^3 k^(12-3d)), k ∝ sigma_w: measure the log-slope
      const C = 1.7;
      const k = (s: number) => Math.sqrt((2 * s * s) / dIn);
      const u4f = (s: number) => s ** kk.u4 / (C ** 2 * k(s) ** (8 - 2 * dIn));
      const u6f = (s: number) => s ** kk.u6 / (C ** 3 * k(s) ** (12 - 3 * dIn));
      expect(Math.log(u4f(3) / u4f(2)) / Math.log(3 / 2)).toBeCloseTo(ph.u4, 12);
      expect(Math.log(u6f(3) / u6f(2)) / Math.log(3 / 2)).toBeCloseTo(ph.u6, 12);
    }
  });
  test('derive states it for GaussNet theories, with the normalization', () => {
    const r = derive(opts({ regulator: 'kernel', d: 1, order: 6, network: { activation: 'gauss', d_in: 1, d_out: 1 } }));
    expect(r.largeN).toMatchObject({ exponents: { u4: 3, u6: 4 }, normalization: 'kk' });
    expect(r.normalization).toContain('K_k field normalization');
    const relu = derive(opts({ network: { activation: 'relu', d_in: 1, d_out: 1 } }));
    expect(relu.largeN).toBeUndefined();
    expect(relu.warnings.join()).toContain('GaussNet only');
  });
});
