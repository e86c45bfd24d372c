import { describe, expect, it } from 'vitest';
import { hill, multisetTree, WasmKernel } from '../../src/ensemble/index.js';
import { erf } from '../../src/kernel/index.js';

describe('WebAssembly kernel building blocks', () => {
  const k = new WasmKernel();

  it.each(['vector', 'scalar'] as const)('ziggurat Gaussians (%s path) have the moments of N(0,1)', (path) => {
    const n = 1_000_000;
    const g = k.gaussians(7, 3, n, path);
    const m = [0, 0, 0, 0, 0, 0, 0];
    for (const x of g) {
      let p = 1;
      for (let i = 0; i <= 6; i++) { m[i]! += p; p *= x; }
    }
    // exact E x^k = 0, 1, 0, 3, 0, 15 (k = 1..6); standard deviations of the sample means are
    // sqrt(E x^2k - (E x^k)^2 / n): sqrt(1, 2, 15, 96, 945, 10170)/sqrt(n). Tolerance: 5 sd.
    const exact = [1, 0, 1, 0, 3, 0, 15];
    const sd = [0, 1, Math.sqrt(2), Math.sqrt(15), Math.sqrt(96), Math.sqrt(945), Math.sqrt(10170)];
    for (let i = 1; i <= 6; i++) expect(Math.abs(m[i]! / n - exact[i]!)).toBeLessThan((5 * sd[i]!) / Math.sqrt(n));
    // the tail beyond the ziggurat's base R = 3.4426 is sampled separately: P(|x| > R) = erfc(R/sqrt 2)
    const R = 3.442619855899;
    const p = 1 - erf(R / Math.SQRT2);
    const tail = Array.from(g).filter((x) => Math.abs(x) > R).length / n;
    expect(Math.abs(tail - p)).toBeLessThan(5 * Math.sqrt(p / n));
  });

  it('a bag\'s stream depends only on (seed, bag)', () => {
    const a = k.gaussians(7, 3, 1000);
    k.gaussians(8, 1, 5000);
    expect(Array.from(new WasmKernel().gaussians(7, 3, 1000))).toEqual(Array.from(a));
    expect(Array.from(k.gaussians(7, 4, 1000))).not.toEqual(Array.from(a));
  });

  it('SIMD activations match libm / the kernel module\'s erf to ~1e-15', () => {
    const xs: number[] = [];
    for (let i = 0; i <= 40000; i++) xs.push(-40 + (80 * i) / 40000);
    xs.push(0, -0, 1e-300, -700, 700, -708, 709, 1e-8, -1e-8);
    // reference values: Math.exp/cos/tanh (V8's fdlibm ports) and src/kernel's series/continued-fraction erf
    const ref = { gauss: Math.exp, cos: Math.cos, tanh: Math.tanh, erf, relu: (x: number) => Math.max(0, x) } as const;
    for (const act of ['gauss', 'relu', 'erf', 'cos', 'tanh'] as const) {
      const y = k.activations(act, xs);
      let worst = 0;
      let at = 0;
      xs.forEach((x, i) => {
        const r = ref[act](x);
        // relative error for exp (spans 1e-304..1e304), absolute for the bounded ones
        const err = act === 'gauss' ? Math.abs(y[i]! / r - 1) : Math.abs(y[i]! - r);
        if (err > worst) { worst = err; at = x; }
      });
      expect(worst, `${act}(${at})`).toBeLessThan(act === 'erf' ? 1e-14 : 1e-15);
    }
  });

  it('Hill recovers the tail index of a Pareto sample', () => {
    // X = U^(-1/alpha) is Pareto(alpha); Hill on the top k has sd alpha/sqrt(k)
    let s = 12345;
    const u = () => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) + 0.5) / 4294967296;
    for (const alpha of [2, 6]) {
      const xs = Array.from({ length: 200_000 }, () => u() ** (-1 / alpha)).sort((a, b) => b - a);
      const { alpha: a, stderr } = hill(xs, 400);
      expect(Math.abs(a - alpha)).toBeLessThan(4 * stderr);
    }
  });

  it('GaussNet on equally spaced points: the exp recurrence equals P direct exps to 1e-13', () => {
    // same stream, same networks: only the evaluation of exp(w x_p + b - V_p) differs
    const points = [-0.5, -0.2, 0.1, 0.4, 0.7, 1.0].map((x) => [x]);
    const spec = { activation: 'gauss' as const, dIn: 1, points, width: 31, sigmaW: 1.7, sigmaB: 0.8, tree: multisetTree(6, 6), topK: 10 };
    const a = new WasmKernel();
    a.configure(spec);
    const b = new WasmKernel();
    b.configure({ ...spec, recurrence: false });
    const ra = a.runBag(3, 1, 501);
    const rb = b.runBag(3, 1, 501);
    let worst = 0;
    // the measured (even-order) nodes; odd orders are not accumulated
    for (const m of spec.tree.measured) for (const n of m.nodes) worst = Math.max(worst, Math.abs(ra.sums[n]! - rb.sums[n]!) / Math.abs(rb.sums[n]!));
    expect(worst).toBeLessThan(1e-13);
  });
});
