import { networkKernel } from '../../kernel/index.js';
import type { CorrelatorDocument, CorrelatorOrder, HeavyTail } from '../../correlators/index.js';
import type { Block } from '../document.js';
import { mathNum, num, plain } from '../document.js';
import type { ReportContext, ReportSection } from '../context.js';
import { attempt } from '../context.js';
import { linePlotSvg, type PlotSeries } from '../plot.js';

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

/** Mean of m over an order's entries, and the mean of their errors (entries share networks: not an independent average). */
export function meanM(doc: CorrelatorDocument, order: CorrelatorOrder): { m: number; err: number } {
  const e = doc.correlators[order];
  return { m: mean(e.map((x) => (x.value - x.gp) / x.gp)), err: mean(e.map((x) => x.stderr / Math.abs(x.gp))) };
}

const pm = (v: { m: number; err: number }) => `$${num(v.m, 4)} \\pm ${num(v.err, 2)}$`;

const tails = (doc: CorrelatorDocument): HeavyTail | null => (doc.kind === 'sampled' ? doc.heavyTail : null);

/** Sampled correlators against the exact finite-width ones and the GP. */
async function build(ctx: ReportContext, blocks: Block[]): Promise<void> {
  const data = await ctx.correlatorData();
  const net = ctx.theory.network;
  if (!net || !data) {
    blocks.push({ kind: 'paragraph', text: 'This theory has no network: there is no ensemble to sample.' });
    return;
  }
  blocks.push({
    kind: 'equation',
    latex:
      'G^{(n)}(x_1,\\dots,x_n) = \\mathbb{E}\\big[f(x_1)\\cdots f(x_n)\\big],\\qquad G_0^{(n)} = \\sum_{\\text{pairings}} \\prod K(x_i,x_j),\\qquad ' +
      'm_n = \\frac{G^{(n)} - G_0^{(n)}}{G_0^{(n)}}',
  });
  blocks.push(...data.notes);
  const rows = data.widths;
  if (rows.length === 0) return;
  ctx.progress('correlator tables and plots');
  const cell = (doc: CorrelatorDocument | undefined, order: CorrelatorOrder, exact: boolean) => {
    if (!doc) return '--';
    const v = meanM(doc, order);
    return exact ? mathNum(v.m, 5) : pm(v);
  };
  blocks.push({
    kind: 'table',
    caption: 'Mean deviation from the GP over all multisets of points (sampled: $\\pm$ the mean standard error)',
    header: [
      'width $N$',
      'sampled',
      'networks',
      '$\\langle m_4\\rangle$ sampled',
      '$\\langle m_4\\rangle$ exact',
      '$\\langle m_6\\rangle$ sampled',
      '$\\langle m_6\\rangle$ exact',
      'heavy tails',
    ],
    align: ['r', 'l', 'r', 'r', 'r', 'r', 'r', 'l'],
    rows: rows.map((r) => {
      const s = r.sampled?.doc;
      const t = s ? tails(s) : null;
      return [
        `$${r.width}$`,
        r.sampled ? plain(r.sampled.source) : '--',
        s ? `$${s.nets}\\times ${s.bags}$` : '--',
        cell(s, '4', false),
        cell(r.exact?.doc, '4', true),
        cell(s, '6', false),
        cell(r.exact?.doc, '6', true),
        t ? (t.heavy ? 'yes' : 'no') : '--',
      ];
    }),
  });
  const heavy = rows.filter((r) => r.sampled && tails(r.sampled.doc)?.heavy);
  if (heavy.length > 0) {
    blocks.push({
      kind: 'notice',
      level: 'warning',
      text:
        `Heavy tails (the sampler's verdict): at ${heavy.map((r) => `N = ${r.width}`).join(', ')} a few rare networks dominate the higher ` +
        `correlators, and their error bars are not to be trusted. For example, at N = ${heavy[0]!.width}: ${plain(tails(heavy[0]!.sampled!.doc)!.note)}.`,
    });
  }
  // <m_n> against N: sampled with error bars, exact as a line.
  for (const order of ['4', '6'] as const) {
    const sampled = rows.filter((r) => r.sampled);
    const exact = rows.filter((r) => r.exact);
    const sv = sampled.map((r) => meanM(r.sampled!.doc, order));
    const ev = exact.map((r) => meanM(r.exact!.doc, order).m);
    const positive = sv.every((v) => v.m > 0) && ev.every((v) => v > 0);
    const series: PlotSeries[] = [];
    if (sampled.length) series.push({ name: 'sampled', x: sampled.map((r) => r.width), y: sv.map((v) => v.m), yErr: sv.map((v) => v.err), style: 'points' });
    if (exact.length) series.push({ name: 'exact', x: exact.map((r) => r.width), y: ev, style: 'line' });
    blocks.push({
      kind: 'figure',
      svg: await linePlotSvg({
        title: `Mean ${order}-point deviation against the width`,
        xLabel: 'width N',
        yLabel: `<m${order}>`,
        xLog: true,
        yLog: positive,
        series,
      }),
      caption: `$\\langle m_{${order}}\\rangle$ against $N$${positive ? ' (log-log)' : ' (log $N$)'}: sampled, with one-standard-error bars, and exact.`,
      data: {
        header: ['$N$', 'sampled', 'exact'],
        rows: rows.map((r) => [`$${r.width}$`, cell(r.sampled?.doc, order, false), cell(r.exact?.doc, order, true)]),
      },
    });
  }
  // Entry by entry at one width: the middle one of the sampled widths.
  const sampledRows = rows.filter((r) => r.sampled);
  const mid = sampledRows[Math.floor(sampledRows.length / 2)];
  if (mid) {
    const s = mid.sampled!.doc;
    const series: PlotSeries[] = [
      {
        name: 'sampled',
        x: s.correlators['4'].map((_, i) => i),
        y: s.correlators['4'].map((e) => (e.value - e.gp) / e.gp),
        yErr: s.correlators['4'].map((e) => e.stderr / Math.abs(e.gp)),
        style: 'points',
      },
    ];
    if (mid.exact)
      series.push({ name: 'exact', x: mid.exact.doc.correlators['4'].map((_, i) => i), y: mid.exact.doc.correlators['4'].map((e) => e.m), style: 'line' });
    blocks.push({
      kind: 'figure',
      svg: await linePlotSvg({
        title: `4-point deviation per multiset of points, N = ${mid.width}`,
        xLabel: 'multiset of 4 point indices (lexicographic: 0000, 0001, ...)',
        yLabel: 'm4',
        series,
      }),
      caption:
        `$m_4$ for each of the ${s.correlators['4'].length} multisets of 4 of the ${s.points.length} points at $N = ${mid.width}$: sampled ` +
        `with one-standard-error bars, and exact.`,
    });
  }
  // G^(2) = K exactly at every width: the sampled 2-point function against the kernel checks the samples.
  await attempt(ctx, 'Two-point check against the GP kernel', blocks, async () => {
    const kernel = networkKernel(net);
    const series: PlotSeries[] = sampledRows.map((r) => {
      const doc = r.sampled!.doc;
      const K = kernel.matrix(doc.points.map((p) => (Array.isArray(p) ? p : [p])));
      const two = doc.correlators['2'];
      const k = (i: number) => K[two[i]!.idx[0]!]![two[i]!.idx[1]!]!;
      return {
        name: `N = ${doc.width}`,
        x: two.map((_, i) => i),
        style: 'points',
        y: two.map((e, i) => (e.value - k(i)) / k(i)),
        yErr: two.map((e, i) => e.stderr / Math.abs(k(i))),
      };
    });
    if (series.length === 0) return;
    const n2 = series[0]!.x.length;
    series.push({ name: 'exact: G2 = K at every N', x: [0, n2 - 1], y: [0, 0], style: 'line' });
    blocks.push({
      kind: 'figure',
      svg: await linePlotSvg({
        title: 'Two-point function: sampled against the GP kernel',
        xLabel: 'pair of point indices (lexicographic: 00, 01, ...)',
        yLabel: '(G2 - K)/K',
        series,
      }),
      caption: '$(G^{(2)} - K)/K$ for each pair of points, with one-standard-error bars. The exact value is $0$ at every width.',
    });
  });
}

export const correlatorsSection: ReportSection = { id: 'correlators', title: 'Correlators: sampled and exact', build };
