/**
 * Plots of a regulated document (nnrg regulated --plot, the report's Flows section): the measured vertices against
 * k with the truncated flows, and the flows' deviations from the measured vertices.
 */
import type { RegulatedDocument, VertexOrder } from '../regulated/index.js';
import type { LinePlotSpec, PlotSeries } from './plot.js';

const DIRECTIONS = ['down', 'up'] as const;

/** The vertex Gamma^(n) at the all-zero multiset (P = 1: the vertex) against k: measured (with errors) and every flow. */
export function vertexPlotSpec(doc: RegulatedDocument, n: VertexOrder): LinePlotSpec {
  const series: PlotSeries[] = [];
  const first = (row: { value: number | null; stderr: number | null }[]) => row[0]!;
  const ks = doc.k;
  const measured = doc.measured[n];
  series.push({
    name: `measured Gamma${n}`,
    x: ks,
    y: measured.map((r) => first(r).value ?? NaN),
    ...(doc.errorBars ? { yErr: measured.map((r) => first(r).stderr ?? NaN) } : {}),
    style: 'points',
  });
  for (const order of doc.orders)
    for (const dir of DIRECTIONS) {
      const s = doc.flows[order]?.[dir]?.[n];
      if (!s) continue;
      series.push({ name: `phi^${order} ${dir}`, x: ks, y: s.map((r) => first(r).value ?? NaN), style: 'line' });
    }
  return {
    title: `Gamma${n}${doc.points.length > 1 ? ' (all indices 0)' : ''}: measured and flowed, width ${doc.width}`,
    xLabel: 'k',
    yLabel: `Gamma${n} (symmetric log)`,
    xLog: true,
    ySymlog: true,
    series,
  };
}

/** The deviations of every flow's Gamma2 and Gamma4 from the measured ones (relative, or in standard errors) against k. */
export function deviationPlotSpec(doc: RegulatedDocument): LinePlotSpec {
  const series: PlotSeries[] = [];
  for (const order of doc.orders)
    for (const dir of DIRECTIONS)
      for (const n of ['2', '4'] as const) {
        const d = doc.deviations[order]?.[dir]?.[n];
        if (!d || (n === '4' && order === 4)) continue;
        series.push({ name: `phi^${order} ${dir} Gamma${n}`, x: doc.k, y: d.map((v) => v ?? NaN), style: 'both' });
      }
  return {
    title: `Truncated flows against the measured vertices, width ${doc.width}`,
    xLabel: 'k',
    yLabel: doc.errorBars ? '|flow - measured| / stderr' : '|flow - measured| / |measured|',
    xLog: true,
    yLog: true,
    series,
  };
}
