import { exactCorrelators } from '../../exact/index.js';
import { couplings, fitPowerLaw, type PowerLawFit } from '../../fit/index.js';
import { activeRgExponents } from '../../flow/index.js';
import type { Block } from '../document.js';
import { mathNum, num } from '../document.js';
import type { CouplingValue, ReportContext, ReportSection } from '../context.js';
import { attempt } from '../context.js';
import { linePlotSvg, type PlotSeries } from '../plot.js';

const withErr = (v: CouplingValue | undefined) => (v && Number.isFinite(v.mean) ? `$${num(v.mean, 4)} \\pm ${num(v.stderr, 2)}$` : '--');
const plain = (v: CouplingValue | undefined) => (v && Number.isFinite(v.mean) ? mathNum(v.mean, 6) : '--');

function fitText(fit: PowerLawFit, predicted: number, what: string, exact: boolean): string {
  if (exact) {
    // Exact values carry no statistical error: the deviation from the prediction is what there is to say.
    return (
      `${what}: exponent $${num(fit.exponent, 6)}$; predicted $${predicted}$ (difference $${num(fit.exponent - predicted, 2)}$; exact values, no ` +
      `statistical error).`
    );
  }
  const inside = fit.ci95[0] <= predicted && predicted <= fit.ci95[1];
  return (
    `${what}: exponent $${num(fit.exponent, 4)} \\pm ${num(fit.stderr, 2)}$ (95% interval $[${num(fit.ci95[0], 4)}, ${num(fit.ci95[1], 4)}]$, ` +
    `$\\chi^2/\\mathrm{dof} = ${fit.dof > 0 ? num(fit.chi2 / fit.dof, 3) : '--'}$); predicted $${predicted}$, ${inside ? 'inside' : 'outside'} the ` +
    `95% interval.`
  );
}

/** Power-law line through the fit, over [x0, x1]. */
const fitLine = (fit: PowerLawFit, x0: number, x1: number, sign: number) => ({ x: [x0, x1], y: [x0, x1].map((x) => sign * fit.amplitude * x ** fit.exponent) });

/** Couplings extracted from the correlators: u4 against the width N and against sigma_w, with the predicted slopes. */
async function build(ctx: ReportContext, blocks: Block[]): Promise<void> {
  const data = await ctx.correlatorData();
  const net = ctx.theory.network;
  if (!net || !data) {
    blocks.push({ kind: 'paragraph', text: 'This theory has no network: there are no couplings to extract from an ensemble.' });
    return;
  }
  const normalization = ctx.theory.ensemble.normalization;
  const e = activeRgExponents(net.d_in, normalization);
  blocks.push(
    {
      kind: 'paragraph',
      text:
        `Predictions: the quartic coupling vanishes as $1/N$, and under active RG ($\\sigma_w$ varied at fixed data; ` +
        `${normalization === 'kk' ? 'field normalized to $K_k$' : 'physical field normalization'}) it scales with the exponent of the leading large-$N$ flow:`,
    },
    { kind: 'equation', latex: `u_4 \\propto N^{-1},\\qquad u_4 \\propto \\sigma_w^{${e.u4}},\\qquad u_6 \\propto \\sigma_w^{${e.u6}}` },
  );
  const rows = data.widths;
  blocks.push({
    kind: 'table',
    caption: `Couplings (mean over multisets of points; ${normalization} normalization)`,
    header: ['width $N$', '$u_4$ sampled', '$u_4$ exact', '$N\\,u_4$ exact', '$u_6$ sampled', '$u_6$ exact'],
    align: ['r', 'r', 'r', 'r', 'r', 'r'],
    rows: rows.map((r) => [
      `$${r.width}$`,
      withErr(r.sampled?.u4),
      plain(r.exact?.u4),
      r.exact?.u4 && Number.isFinite(r.exact.u4.mean) ? mathNum(r.width * r.exact.u4.mean, 6) : '--',
      withErr(r.sampled?.u6),
      plain(r.exact?.u6),
    ]),
  });
  // u4 against N.
  await attempt(ctx, 'Fit of u4 against N', blocks, async () => {
    const exact = rows.filter((r) => r.exact?.u4 && Number.isFinite(r.exact.u4.mean));
    const sampledAll = rows.filter((r) => r.sampled?.u4 && Number.isFinite(r.sampled.u4.mean) && r.sampled.u4.stderr > 0);
    const sign = Math.sign(exact[0]?.exact?.u4?.mean ?? sampledAll[0]?.sampled?.u4?.mean ?? -1);
    const sampled = sampledAll.filter((r) => Math.sign(r.sampled!.u4!.mean) === sign);
    if (sampled.length < sampledAll.length) {
      blocks.push({
        kind: 'paragraph',
        text: `Left out of the fit (sampled $u_4$ of the other sign, i.e. compatible with noise): ${sampledAll
          .filter((r) => !sampled.includes(r))
          .map((r) => `$N = ${r.width}$`)
          .join(', ')}.`,
      });
    }
    const series: PlotSeries[] = [];
    const lo = Math.min(...rows.map((r) => r.width));
    const hi = Math.max(...rows.map((r) => r.width));
    if (sampled.length >= 2) {
      const fit = fitPowerLaw(
        sampled.map((r) => r.width),
        sampled.map((r) => r.sampled!.u4!.mean),
        sampled.map((r) => r.sampled!.u4!.stderr),
      );
      blocks.push({ kind: 'paragraph', text: fitText(fit, -1, `Weighted power-law fit of the sampled $u_4$ against $N$ (${sampled.length} widths)`, false) });
      series.push({
        name: 'sampled |u4|',
        x: sampled.map((r) => r.width),
        y: sampled.map((r) => Math.abs(r.sampled!.u4!.mean)),
        yErr: sampled.map((r) => r.sampled!.u4!.stderr),
        style: 'points',
      });
      series.push({ name: `fit: N^${num(fit.exponent, 3)}`, ...fitLine(fit, lo, hi, 1), style: 'line' });
    }
    if (exact.length >= 2) {
      const fit = fitPowerLaw(
        exact.map((r) => r.width),
        exact.map((r) => r.exact!.u4!.mean),
        exact.map(() => 0),
      );
      blocks.push({ kind: 'paragraph', text: fitText(fit, -1, 'Power-law fit of the exact $u_4$ against $N$', true) });
      series.push({ name: 'exact |u4|', x: exact.map((r) => r.width), y: exact.map((r) => Math.abs(r.exact!.u4!.mean)), style: 'line' });
    }
    if (series.length) {
      blocks.push({
        kind: 'figure',
        svg: await linePlotSvg({ title: '|u4| against the width', xLabel: 'width N', yLabel: '|u4|', xLog: true, yLog: true, series }),
        caption: '$|u_4|$ against $N$ (log-log): sampled with one-standard-error bars, the weighted power-law fit, and exact. The prediction is slope $-1$.',
      });
    }
  });
  // u4 against sigma_w (exact correlators at one width: a sampled scan is not run by the report).
  const scan = ctx.theory.scan.sigma_w;
  if (!scan || scan.length < 2) {
    blocks.push({ kind: 'paragraph', text: 'No scan.sigma_w in the theory file: $u_4$ against $\\sigma_w$ is not shown.' });
    return;
  }
  const width = ctx.theory.ensemble.width ?? Math.max(...net.widths);
  ctx.progress(`u4 against sigma_w (${scan.length} values, exact, N = ${width})`);
  await attempt(ctx, 'u4 against sigma_w', blocks, async () => {
    const values = scan.map((sw) => {
      const th = { ...ctx.theory, network: { ...net, sigma_w: sw } };
      return couplings(exactCorrelators(th, width), th, normalization).u4.mean;
    });
    const fit = fitPowerLaw(
      scan,
      values,
      scan.map(() => 0),
    );
    blocks.push({
      kind: 'paragraph',
      text: fitText(
        fit,
        e.u4,
        `Exact correlators at $N = ${width}$, $\\sigma_w \\in \\{${scan.join(', ')}\\}$; power-law fit of $u_4$ against $\\sigma_w$`,
        true,
      ),
    });
    blocks.push({
      kind: 'table',
      caption: `Exact $u_4$ against $\\sigma_w$ at $N = ${width}$`,
      header: ['$\\sigma_w$', '$u_4$', `$u_4\\,\\sigma_w^{${-e.u4}}$`],
      align: ['r', 'r', 'r'],
      rows: scan.map((sw, i) => [`$${sw}$`, mathNum(values[i]!, 6), mathNum(values[i]! * sw ** -e.u4, 6)]),
    });
    const s0 = scan[0]!;
    const sN = scan[scan.length - 1]!;
    blocks.push({
      kind: 'figure',
      svg: await linePlotSvg({
        title: `|u4| against sigma_w (exact, N = ${width})`,
        xLabel: 'sigma_w',
        yLabel: '|u4|',
        xLog: true,
        yLog: true,
        series: [
          { name: 'exact |u4|', x: scan, y: values.map(Math.abs), style: 'points' },
          {
            name: `predicted slope ${e.u4}, through the first point`,
            x: [s0, sN],
            y: [Math.abs(values[0]!), Math.abs(values[0]!) * (sN / s0) ** e.u4],
            style: 'line',
          },
        ],
      }),
      caption: `$|u_4|$ against $\\sigma_w$ (log-log) from exact correlators, and the predicted slope $${e.u4}$.`,
    });
  });
}

export const fitsSection: ReportSection = { id: 'fits', title: 'Coupling fits', build };
