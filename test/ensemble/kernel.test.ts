import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { activation, SAMPLED_ACTIVATIONS, samplerView, type SampledActivationName } from '../../src/activations/index.js';
import { hill, multisetTree, WasmKernel } from '../../src/ensemble/index.js';
import { wasmPath } from '../../src/ensemble/wasm-kernel.js';
import { erf } from '../../src/numeric/index.js';

describe('WebAssembly kernel building blocks', () => {
  const k = new WasmKernel();

  it.each(['vector', 'scalar'] as const)('ziggurat Gaussians (%s path) have the moments of N(0,1)', (path) => {
    const n = 1_000_000;
    const g = k.gaussians(7, 3, n, path);
    const m = [0, 0, 0, 0, 0, 0, 0];
    for (const x of g) {
      let p = 1;
      for (let i = 0; i <= 6; i++) {
        m[i]! += p;
        p *= x;
      }
    }
    // exact E x^k = 0, 1, 0, 3, 0, 15 (k = 1..6); standard deviations of the sample means are
    // sqrt(E x^2k - (E x^k)^2 / n): sqrt(1, 2, 15, 96, 945, 10170)/sqrt(n). Tolerance: 5 sd.
    const exact = [1, 0, 1, 0, 3, 0, 15];
    const sd = [0, 1, Math.sqrt(2), Math.sqrt(15), Math.sqrt(96), Math.sqrt(945), Math.sqrt(10170)];
    for (let i = 1; i <= 6; i++) expect(Math.abs(m[i]! / n - exact[i]!)).toBeLessThan((5 * sd[i]!) / Math.sqrt(n));
    // the tail beyond the ziggurat's base R = 3.6542 is sampled separately: P(|x| > R) = erfc(R/sqrt 2)
    const R = 3.6541528853610088;
    const p = 1 - erf(R / Math.SQRT2);
    const tail = Array.from(g).filter((x) => Math.abs(x) > R).length / n;
    expect(Math.abs(tail - p)).toBeLessThan(5 * Math.sqrt(p / n));
  });

  it("a bag's stream depends only on (seed, bag)", () => {
    const a = k.gaussians(7, 3, 1000);
    k.gaussians(8, 1, 5000);
    expect(Array.from(new WasmKernel().gaussians(7, 3, 1000))).toEqual(Array.from(a));
    expect(Array.from(k.gaussians(7, 4, 1000))).not.toEqual(Array.from(a));
  });

  it('the stream is the documented one: word n of a bag is mix64(key + n GAMMA), read by the ziggurat', () => {
    // docs/sampler.md: key(seed, b) = mix64(mix64(seed ^ c1) + (b + 1) c2), SplitMix64's output function;
    // a pair of words whose rectangle tests both pass gives u x_i (top 52 bits -> u, low 8 bits -> strip i).
    const M = (1n << 64n) - 1n;
    const mix64 = (z0: bigint) => {
      let z = z0 & M;
      z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & M;
      z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & M;
      return z ^ (z >> 31n);
    };
    // Doornik's ZIGNOR tables, recomputed here from R and V
    const R = 3.6541528853610088,
      V = 4.92867323399e-3;
    const x: number[] = [V / Math.exp(-0.5 * R * R), R];
    let f = Math.exp(-0.5 * R * R);
    for (let i = 2; i < 256; i++) {
      x.push(Math.sqrt(-2 * Math.log(V / x[i - 1]! + f)));
      f = Math.exp(-0.5 * x[i]! * x[i]!);
    }
    x.push(0);
    const bits = new BigUint64Array(1);
    const asDouble = new Float64Array(bits.buffer);
    const fast = (w: bigint) => {
      bits[0] = (w >> 12n) | 0x3ff0000000000000n;
      const u = asDouble[0]! * 2 - 3;
      const i = Number(w & 0xffn);
      return Math.abs(u) < x[i + 1]! / x[i]! ? u * x[i]! : undefined;
    };
    const seed = 12345n;
    let pairs = 0;
    for (let bag = 0n; bag < 20n; bag++) {
      const key = mix64(mix64(seed ^ 0x6a09e667f3bcc909n) + (bag + 1n) * 0xd1b54a32d192ed03n);
      const word = (n: number) => mix64(key + BigInt(n) * 0x9e3779b97f4a7c15n);
      const g = k.gaussians(Number(seed), Number(bag), 400);
      // up to the first pair with a rejection (the slow path then draws further words)
      for (let n = 0; n < 400; n += 2) {
        const a = fast(word(n)),
          b = fast(word(n + 1));
        if (a === undefined || b === undefined) break;
        // the tables here come from V8's Math.exp/log, the kernel's from AssemblyScript's: a few ulp apart
        expect(Math.abs(g[n]! - a)).toBeLessThanOrEqual(1e-14 * Math.abs(a));
        expect(Math.abs(g[n + 1]! - b)).toBeLessThanOrEqual(1e-14 * Math.abs(b));
        pairs++;
      }
    }
    expect(pairs).toBeGreaterThan(200); // ~60 pairs per bag on average (~1.5% of draws miss their rectangle)
  });

  it("every sampled record's sampler id evaluates its g: SIMD code against libm / src/numeric's erf to ~1e-15", () => {
    const grid: number[] = [];
    for (let i = 0; i <= 40000; i++) grid.push(-40 + (80 * i) / 40000);
    // the records' g: Math.exp/cos/tanh (V8's fdlibm ports), src/numeric's series/continued-fraction erf
    const relative: Partial<Record<SampledActivationName, boolean>> = { gauss: true, softplus: true, linear: true }; // exp spans 1e-304..1e304
    // gelu's record uses src/numeric's erf (series, ~1e-14 absolute near |z| = 2.5) through erfc; the SIMD gelu agrees with
    // mpmath's z Phi(z) to 5e-19 at z = -3.348, where the two differ most. Relative for the unbounded gelu, softplus,
    // linear (their values reach 40, where an ulp is 7e-15).
    const tol: Partial<Record<SampledActivationName, number>> = { erf: 1e-14, gelu: 3e-14 };
    for (const name of SAMPLED_ACTIVATIONS) {
      const act = activation(name);
      const { subtractVariance } = samplerView(name);
      // g(z, V) is the kernel's function at z - V when the record subtracts the variance, else at z; V = 0 adds
      // the edge cases (exp's clamp at -708, 709) that a shift would push past the clamp
      for (const V of [0, 0.75]) {
        const xs = V === 0 ? [...grid, 0, -0, 1e-300, -700, 700, -708, 709, 1e-8, -1e-8] : grid;
        const y = k.activations(
          name,
          xs.map((x) => (subtractVariance ? x - V : x)),
        );
        let worst = 0;
        let at = 0;
        xs.forEach((x, i) => {
          const r = act.g(x, V);
          const err = relative[name] ? Math.abs(y[i]! / r - 1) : Math.abs(y[i]! - r);
          if (err > worst) {
            worst = err;
            at = x;
          }
        });
        expect(worst, `${name}(${at}), V = ${V}`).toBeLessThan(tol[name] ?? 1e-15);
      }
    }
  });

  it('sampler ids are distinct, and an id without a case in `activate` traps rather than evaluating another', () => {
    const ids = SAMPLED_ACTIVATIONS.map((name) => samplerView(name).id);
    expect(new Set(ids).size).toBe(ids.length);
    type Api = { Module: new (b: Uint8Array) => object; Instance: new (m: object, i: object) => { exports: unknown } };
    const WA = (globalThis as unknown as { WebAssembly: Api }).WebAssembly;
    const x = new WA.Instance(new WA.Module(readFileSync(wasmPath())), {}).exports as {
      activations(act: number, inp: number, out: number, n: number): void;
      scratch(bytes: number): number;
    };
    const p = x.scratch(32);
    x.activations(ids[0]!, p, p + 16, 2);
    for (const id of [-1, 1000]) expect(() => x.activations(id, p, p + 16, 2)).toThrow(/unreachable/);
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

  it.each([6, 4])('GaussNet on %i equally spaced points: the exp recurrence equals P direct exps to 1e-13', (P) => {
    // same stream, same networks: only the evaluation of exp(w x_p + b - V_p) differs
    // (six points keep their sums in registers, other counts in memory: both branches)
    const points = Array.from({ length: P }, (_, p) => [-0.5 + 0.3 * p]);
    const spec = { activation: 'gauss' as const, dIn: 1, points, width: 31, sigmaW: 1.7, sigmaB: 0.8, tree: multisetTree(P, 6), topK: 10 };
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
