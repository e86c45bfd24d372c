/**
 * The checks of `nnrg validate`: each has an expected value, a measured one, a tolerance and a verdict.
 * Exact finite-width correlators (src/exact) stand in wherever sampling is not the point.
 */
import { CORRELATOR_ORDERS, type CorrelatorDocument, type CorrelatorOrder } from '../correlators/index.js';
import type { Check, ValidationOptions } from './check.js';
import { estimatorVarianceDetail, exactCorrelators, MAX_VARIANCE_POINTS } from '../exact/index.js';
import { activeRgExponents } from '../flow/index.js';
import { momentumKernel } from '../kernel/index.js';
import { InputError, type Theory } from '../theory/index.js';
import { couplings } from './couplings.js';
import { fitPowerLaw, type PowerLawFit } from './powerlaw.js';
import { NumericalError } from '../numeric/index.js';
import { isSampled } from '../activations/index.js';
import { sampledScaling, scalingChecks, scalingWidths } from './sampled-scaling.js';

export type { Check, RegulatedChecker, Sampler, ValidationOptions } from './check.js';

/** |z| bound of the sampled-vs-exact check: Chebyshev P(|z| >= 5) <= 4% for any distribution with that variance. */
const Z_MAX = 5;
/** Allowed |fitted - expected| exponent beyond the 95% interval: the leading power laws have corrections
 * (1/N^2 in m6; (sigma_w x)^2 from the finite point spread in the active-RG scan), 0.05 covers them for
 * the bundled theories. */
const EXPONENT_TOL = 0.05;

const fmtFit = (f: PowerLawFit) =>
  `${f.exponent.toFixed(4)} ± ${f.stderr.toExponential(1)} (95% CI [${f.ci95[0].toFixed(4)}, ${f.ci95[1].toFixed(4)}], chi2/dof ` +
  `${f.dof > 0 ? (f.chi2 / f.dof).toExponential(1) : 'n/a'})`;

function exponentCheck(name: string, x: number[], y: number[], expected: number, what: string): Check {
  const values = `points: ${x.map((v, i) => `${v}: ${y[i]!.toExponential(4)}`).join(', ')}`;
  let fit: PowerLawFit;
  try {
    fit = fitPowerLaw(
      x,
      y,
      x.map(() => 0),
    );
  } catch (e) {
    if (!(e instanceof NumericalError)) throw e;
    return { name, expected, measured: 'no power law', tolerance: EXPONENT_TOL, pass: false, status: 'fail', detail: `${what}; ${e.message}; ${values}` };
  }
  const half = (fit.ci95[1] - fit.ci95[0]) / 2;
  const diff = Math.abs(fit.exponent - expected);
  const pass = diff <= EXPONENT_TOL + half;
  return {
    name,
    expected,
    measured: Number(fit.exponent.toFixed(6)),
    tolerance: `|diff| <= ${EXPONENT_TOL} + CI half-width ${half.toExponential(1)}`,
    pass,
    status: pass ? 'pass' : 'fail',
    detail: `${what}; fit ${fmtFit(fit)}; ${values}`,
  };
}

const na = (name: string, why: string): Check => ({
  name,
  expected: 'n/a',
  measured: 'not available',
  tolerance: 'n/a',
  pass: true,
  status: 'n/a',
  detail: why,
});

async function sampledVsExact(theory: Theory, opts: ValidationOptions): Promise<Check[]> {
  const net = theory.network!;
  const width = opts.width ?? theory.ensemble.width ?? 10;
  const nets = opts.nets ?? 5000;
  const bags = opts.bags ?? 10;
  const sample = opts.sample;
  if (!sample) return [na('sampled vs exact correlators', 'no sampler was given (ValidationOptions.sample)')];
  if (!isSampled(net.activation)) return [na('sampled vs exact correlators', `the sampler has no ${net.activation} kernel`)];
  if (theory.ensemble.points.length > MAX_VARIANCE_POINTS) {
    return [
      na(
        'sampled vs exact correlators',
        `exact estimator variances are computed for at most ${MAX_VARIANCE_POINTS} points (the theory has ${theory.ensemble.points.length})`,
      ),
    ];
  }
  const doc = await sample(theory, { width, nets, bags, seed: opts.seed ?? theory.ensemble.seed, threads: opts.threads, onProgress: opts.onProgress });
  const total = doc.nets * doc.bags;
  const v = estimatorVarianceDetail(theory, width);
  // The exact sd is that of the plain estimator; the marginalized one's (far smaller) is its jackknife error.
  const plain = doc.sampler.estimator === 'plain';
  return CORRELATOR_ORDERS.map((order) => {
    // with d_out >= 2: the entries of component 0 alone are the point multisets, in order (those of the exact variances)
    const entries = doc.correlators[order].filter((e) => !e.components || e.components.every((a) => a === 0));
    const flagged = !plain && doc.heavyTail?.orders[order].heavy ? doc.heavyTail : undefined;
    let zmax = 0;
    let cover1 = 0;
    let cover2 = 0;
    let heavy = 0;
    const errRatio: number[] = [];
    entries.forEach((e, k) => {
      const exact = v.value[order][k]!;
      const sd = plain ? Math.sqrt(v.variance[order][k]! / total) : e.stderr;
      const z = (e.value - exact) / sd;
      zmax = Math.max(zmax, Math.abs(z));
      if (Math.abs(e.value - exact) <= e.stderr) cover1++;
      if (Math.abs(e.value - exact) <= 2 * e.stderr) cover2++;
      errRatio.push(e.stderr / sd);
      heavy = Math.max(heavy, v.variance[order][k]! / v.gaussianVariance[order][k]!);
    });
    errRatio.sort((a, b) => a - b);
    const n = entries.length;
    // the marginalized errors come from the bags: where the sampler flags heavy tails they do not decide
    const undecided = !plain && flagged !== undefined;
    const pass = undecided || zmax <= Z_MAX;
    const tails =
      plain && heavy > 10
        ? `; heavy finite-width tails (Var/Var_GP up to ${heavy.toExponential(1)}): the comparison has little power at this size and bag ` +
          `error bars underestimate`
        : flagged
          ? `; heavy finite-width tails (tail index ${flagged.tailIndex.toFixed(2)} of max|C - K|, order ${order} needs > ${order}): the bag ` +
            `error bars of the ` +
            'marginalized estimator are not trustworthy here, so |z| decides nothing (n/a); ensemble.estimator: plain checks against the exact variance'
          : '';
    return {
      name: `sampled vs exact G${order}, width ${width}, ${total} networks`,
      expected: `max |z| over multisets, z = (sampled - exact)/${plain ? 'exact sd' : 'jackknife stderr (marginalized estimator)'}`,
      measured: Number(zmax.toFixed(3)),
      tolerance: Z_MAX,
      pass,
      status: undecided ? 'n/a' : pass ? 'pass' : 'fail',
      detail: `${n} multisets; bag error bars cover the exact value for ${((100 * cover1) / n).toFixed(0)}% at 1 sigma, ${((100 * cover2) / n).toFixed(0)}% at 2 sigma (entries are strongly correlated)${plain ? `; median bag stderr / exact sd ${errRatio[Math.floor(n / 2)]!.toFixed(3)}` : ''}${tails}`,
    } satisfies Check;
  });
}

/** Mean |m| over the entries (with d_out outputs, over those that do not vanish by symmetry: m is NaN there). */
const meanAbsM = (doc: CorrelatorDocument, order: CorrelatorOrder) => {
  const ms = doc.correlators[order].filter((e) => Number.isFinite(e.m));
  return ms.reduce((s, e) => s + Math.abs(e.m), 0) / ms.length;
};

function widthScaling(theory: Theory, opts: ValidationOptions): Check[] {
  const widths = [...new Set(theory.network!.widths)].sort((a, b) => a - b);
  if (widths.length < 2) return [na('1/N scaling', 'network.widths needs at least two widths')];
  const m4: number[] = [];
  const m6: number[] = [];
  const u4: number[] = [];
  for (const N of widths) {
    const doc = exactCorrelators(theory, N);
    m4.push(meanAbsM(doc, '4'));
    m6.push(meanAbsM(doc, '6'));
    u4.push(couplings(doc, theory, 'physical', { cutoff: opts.cutoff }).u4.mean);
  }
  const over = `exact correlators at widths ${widths.join(', ')}`;
  const checks = [exponentCheck('1/N scaling of <|m4|>', widths, m4, -1, over)];
  // m6 = a/N + b/N^2 exactly (kappa4 K terms and kappa6): 1/N is its large-N law, reached for N >> N* = b/a.
  // a, b follow from two exact widths; the fit uses the theory's widths above 100 N*, or exact
  // correlators at 100 N* x {1, 2, 5, 10} when the theory has fewer than two such widths (said in detail).
  const n1 = 1e4;
  const n2 = 1e5;
  const y1 = meanAbsM(exactCorrelators(theory, n1), '6') * n1;
  const y2 = meanAbsM(exactCorrelators(theory, n2), '6') * n2;
  const b = (y1 - y2) / (1 / n1 - 1 / n2);
  const nStar = Math.max(0, b / (y2 - b / n2));
  const large = widths.filter((N) => N >= 100 * nStar);
  const all = fitPowerLaw(
    widths,
    m6,
    widths.map(() => 0),
  );
  let xs = large;
  let ys = large.map((N) => m6[widths.indexOf(N)]!);
  let how = `theory widths >= 100 N* (N* = b/a = ${nStar.toPrecision(3)})`;
  if (large.length < 2) {
    const base = Math.max(1, Math.ceil(100 * nStar));
    xs = [1, 2, 5, 10].map((f) => f * base);
    ys = xs.map((N) => meanAbsM(exactCorrelators(theory, N), '6'));
    how =
      `exact correlators at widths ${xs.join(', ')} = 100 N* x {1, 2, 5, 10} (N* = b/a = ${nStar.toPrecision(3)}: the theory's widths ` +
      `are below the 1/N regime)`;
  }
  const m6check = exponentCheck('1/N scaling of <|m6|> (large N)', xs, ys, -1, how);
  m6check.detail += `; over all theory widths the exponent is ${all.exponent.toFixed(3)} (m6 = a/N + b/N^2)`;
  checks.push(m6check);
  checks.push(exponentCheck('1/N scaling of u4', widths, u4, -1, `u4 (physical normalization) from ${over}`));
  return checks;
}

function activeRg(theory: Theory, opts: ValidationOptions): Check[] {
  const net = theory.network!;
  const scan = theory.scan.sigma_w;
  const norm = opts.normalization ?? theory.ensemble.normalization;
  if (!scan || scan.length < 2) return [na('active RG', 'the theory has no scan.sigma_w with at least two values')];
  if (!momentumKernel(net))
    return [na('active RG', `the active-RG exponents are derived for Gaussian (translation-invariant) kernels; ${net.activation} has none`)];
  const expected = activeRgExponents(net.d_in, norm);
  const width = Math.max(...net.widths);
  const u4: number[] = [];
  const u6: number[] = [];
  const what = `exact correlators at width ${width}, ${norm} normalization, sigma_w in {${scan.join(', ')}}`;
  const xs: number[] = [];
  const beyond: string[] = [];
  for (const sw of scan) {
    const t: Theory = { ...theory, network: { ...net, sigma_w: sw } };
    try {
      const c = couplings(exactCorrelators(t, width), t, norm, { cutoff: opts.cutoff });
      xs.push(sw);
      u4.push(c.u4.mean);
      u6.push(c.u6.mean);
    } catch (e) {
      // a scan point beyond double precision cannot follow the power law: the check fails there, saying why
      if (!(e instanceof NumericalError)) throw e;
      beyond.push(`not computable at sigma_w = ${sw} (${e.message})`);
    }
  }
  const check = (name: string, y: number[], e: number): Check => {
    if (xs.length < 2)
      return { name, expected: e, measured: 'not computable', tolerance: EXPONENT_TOL, pass: false, status: 'fail', detail: `${what}; ${beyond.join('; ')}` };
    const c = exponentCheck(name, xs, y, e, what);
    return beyond.length === 0 ? c : { ...c, pass: false, status: 'fail', detail: `${c.detail}; ${beyond.join('; ')}` };
  };
  return [check(`active RG: u4 ~ sigma_w^e (${norm})`, u4, expected.u4), check(`active RG: u6 ~ sigma_w^e (${norm})`, u6, expected.u6)];
}

export async function runValidation(theory: Theory, opts: ValidationOptions = {}): Promise<Check[]> {
  if (!theory.network) throw new InputError(theory.file, 'network', 'a network section (validation compares network correlators)');
  const depth = theory.network.depth;
  const checks: Check[] = [];
  const scaling = async (): Promise<Check[]> => {
    if (opts.noSampling) return [na('1/N coefficient of the sampled excess kurtosis', 'skipped on request (no sampling)')];
    if (!opts.sample) return [na('1/N coefficient of the sampled excess kurtosis', 'no sampler was given (ValidationOptions.sample)')];
    if (scalingWidths(theory).length < 2)
      return [
        na('1/N coefficient of the sampled excess kurtosis', `network.widths needs two widths in [${Math.max(10, 20 * depth)}, 200] (the sampled 1/N fit)`),
      ];
    const r = await sampledScaling(theory, opts);
    opts.onScaling?.(r.points);
    return scalingChecks(r, depth);
  };
  if (depth !== 1) {
    // exact correlators, their 1/N fits and the active-RG scan are for one hidden layer; the sampled 1/N rows are for any depth
    const why = `depth ${depth}: exact finite-width correlators are for one hidden layer (the sampled 1/N rows test the recursion)`;
    checks.push(na('sampled vs exact correlators', why), ...(await scaling()), na('1/N scaling (exact correlators)', why), na('active RG', why));
    checks.push(na('the Wetterich equation holds on the regulated ensemble', why), na('truncation convergence', why));
    return checks;
  }
  if (opts.noSampling) checks.push(na('sampled vs exact correlators', 'skipped on request'));
  else checks.push(...(await sampledVsExact(theory, opts)));
  checks.push(...(await scaling()));
  // exact one-hidden-layer correlators are proportional to 1/N by construction: these rows inform, the sampled row tests
  checks.push(
    ...widthScaling(theory, opts).map((c) =>
      c.pass
        ? { ...c, status: 'info' as const, detail: `exact correlators (1/N by construction at one hidden layer: informs; the sampled row tests); ${c.detail}` }
        : c,
    ),
  );
  checks.push(...activeRg(theory, opts));
  if (opts.regulatedChecks)
    checks.push(...(await opts.regulatedChecks(theory, { noSampling: opts.noSampling, seed: opts.seed, width: opts.width ?? theory.ensemble.width ?? 10 })));
  else
    checks.push(
      na('the Wetterich equation holds on the regulated ensemble', 'no regulated-ensemble checker was given (ValidationOptions.regulatedChecks)'),
      na('truncation convergence', 'no regulated-ensemble checker was given (ValidationOptions.regulatedChecks)'),
    );
  return checks;
}
