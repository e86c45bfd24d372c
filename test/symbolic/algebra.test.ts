import fc from 'fast-check';
import katex from 'katex';
import nerdamer from 'nerdamer';
import { describe, expect, test } from 'vitest';
import { Poly, printPoly, Q, Ring, Series } from '../../src/symbolic/index.js';

// Property-based tests of the exact algebra: every identity must hold exactly (no tolerance),
// since all arithmetic is BigInt rational.
const ring = new Ring(['x', 'y', 'z']);
const q = fc.tuple(fc.integer({ min: -50, max: 50 }), fc.integer({ min: 1, max: 12 })).map(([n, d]) => Q.of(n, d));
const qNonZero = q.filter((v) => !v.isZero());
const term = fc.record({ e: fc.tuple(fc.nat(3), fc.nat(3), fc.nat(3)), c: q });
const poly = fc.array(term, { maxLength: 5 }).map((ts) =>
  Poly.fromTerms(
    ring,
    ts.map((t) => ({ e: [...t.e], c: t.c })),
  ),
);
const ORDER = 5;
const series = fc.array(poly, { minLength: ORDER + 1, maxLength: ORDER + 1 }).map((cs) => new Series(ring, ORDER, cs));
const point = fc.record({ x: q, y: q, z: q });
const runs = { numRuns: 60 };

describe('rationals', () => {
  test('field axioms and normal form', () => {
    fc.assert(
      fc.property(q, q, q, (a, b, c) => {
        expect(a.add(b).eq(b.add(a))).toBe(true);
        expect(a.mul(b.add(c)).eq(a.mul(b).add(a.mul(c)))).toBe(true);
        expect(
          a
            .add(b)
            .add(c)
            .eq(a.add(b.add(c))),
        ).toBe(true);
        expect(a.sub(a).isZero()).toBe(true);
        // normal form: the same value always has the same parts (cross-multiplication check)
        expect(a.n * b.d === b.n * a.d).toBe(a.eq(b));
      }),
      runs,
    );
    fc.assert(
      fc.property(qNonZero, (a) => {
        expect(a.mul(a.inv()).isOne()).toBe(true);
      }),
      runs,
    );
  });
  test('huge numerators convert to floats', () => {
    expect(Q.of(10n ** 400n + 1n, 10n ** 399n).toNumber()).toBeCloseTo(10, 12);
  });
});

describe('polynomials', () => {
  test('ring axioms', () => {
    fc.assert(
      fc.property(poly, poly, poly, (a, b, c) => {
        expect(a.add(b).equals(b.add(a))).toBe(true);
        expect(a.mul(b).equals(b.mul(a))).toBe(true);
        expect(
          a
            .mul(b)
            .mul(c)
            .equals(a.mul(b.mul(c))),
        ).toBe(true);
        expect(a.mul(b.add(c)).equals(a.mul(b).add(a.mul(c)))).toBe(true);
        expect(a.add(ring.zero()).equals(a)).toBe(true);
        expect(a.mul(ring.one()).equals(a)).toBe(true);
        expect(a.sub(a).isZero()).toBe(true);
      }),
      runs,
    );
  });
  test('evaluation is a ring homomorphism (exactly)', () => {
    fc.assert(
      fc.property(poly, poly, point, (a, b, p) => {
        expect(
          a
            .mul(b)
            .evaluateExact(p)
            .eq(a.evaluateExact(p).mul(b.evaluateExact(p))),
        ).toBe(true);
        expect(
          a
            .add(b)
            .evaluateExact(p)
            .eq(a.evaluateExact(p).add(b.evaluateExact(p))),
        ).toBe(true);
      }),
      runs,
    );
  });
  test('derivative rules: linearity, product rule, power rule, substitution', () => {
    fc.assert(
      fc.property(poly, poly, q, fc.nat(6), point, (a, b, c, k, p) => {
        expect(
          a
            .add(b.scale(c))
            .diff('x')
            .equals(a.diff('x').add(b.diff('x').scale(c))),
        ).toBe(true);
        expect(
          a
            .mul(b)
            .diff('y')
            .equals(
              a
                .diff('y')
                .mul(b)
                .add(a.mul(b.diff('y'))),
            ),
        ).toBe(true);
        expect(
          ring
            .v('x', k + 1)
            .diff('x')
            .equals(ring.v('x', k, Q.int(k + 1))),
        ).toBe(true);
        // chain rule through a substitution x -> b: d/dy a(b, y, z) = a_x(b) b_y + a_y(b)
        const lhs = a.subst('x', b).diff('y');
        const rhs = a.diff('x').subst('x', b).mul(b.diff('y')).add(a.diff('y').subst('x', b));
        expect(lhs.equals(rhs)).toBe(true);
        expect(a.subst('z', ring.const(p.z)).evaluateExact(p).eq(a.evaluateExact(p))).toBe(true);
      }),
      runs,
    );
  });
});

describe('truncated series', () => {
  test('inverse times series = 1, for series with a nonzero constant term', () => {
    fc.assert(
      fc.property(series, qNonZero, (s, a0) => {
        const c = [ring.const(a0), ...s.c.slice(1)];
        const t = new Series(ring, ORDER, c);
        expect(t.mul(t.inverse()).equals(Series.constant(ring.one(), ORDER))).toBe(true);
      }),
      { numRuns: 25 },
    );
  });
  test('ring axioms and the product rule, to the truncation order', () => {
    fc.assert(
      fc.property(series, series, series, (a, b, c) => {
        expect(a.mul(b).equals(b.mul(a))).toBe(true);
        expect(
          a
            .mul(b)
            .mul(c)
            .equals(a.mul(b.mul(c))),
        ).toBe(true);
        // (ab)' = a'b + ab' holds up to x^(ORDER-1) (the derivative loses the top coefficient).
        const lhs = a.mul(b).derivative();
        const rhs = a.derivative().mul(b).add(a.mul(b.derivative()));
        for (let k = 0; k < ORDER; k++) expect(lhs.coeff(k).equals(rhs.coeff(k))).toBe(true);
      }),
      { numRuns: 25 },
    );
  });
  test('known expansion: 1/(1 - x) = sum x^k', () => {
    const s = new Series(ring, 8, [ring.one(), ring.const(-1)]).inverse();
    for (let k = 0; k <= 8; k++) expect(s.coeff(k).asConstant()!.isOne()).toBe(true);
  });
});

describe('printer', () => {
  const style = {
    symbols: { x: { text: 'x', latex: 'x' }, y: { text: 'y', latex: 'y_{1}' }, z: { text: '(1 + x)', latex: '(1+x)', denominator: true } },
    params: [] as string[],
  };
  test('text parses back (nerdamer) to the same value; LaTeX renders in KaTeX', () => {
    fc.assert(
      fc.property(poly, point, (a, p) => {
        const out = printPoly(a, style);
        katex.renderToString(out.latex, { throwOnError: true });
        // z prints as the denominator 1/(1 + x): compare with z = 1/(1 + x).
        if (p.x.eq(Q.int(-1))) return;
        const z = Q.ONE.add(p.x).inv();
        const want = a.evaluateExact({ ...p, z });
        const got = Number(nerdamer(out.text, { x: p.x.toString(), y: p.y.toString() }).evaluate().text('decimals'));
        expect(got).toBeCloseTo(want.toNumber(), 8);
      }),
      { numRuns: 40 },
    );
  });
  test('parameters are grouped with their content pulled out', () => {
    const r = new Ring(['u', 'd']);
    const p = r.v('u').mul(r.v('d', 1, Q.int(2)).sub(r.const(6)));
    expect(printPoly(p, { symbols: {}, params: ['d'] }).text).toBe('2*(d - 3)*u');
  });
});
