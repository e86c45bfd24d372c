import type * as vega from 'vega';

/** One data series of a line plot. `yErr` draws symmetric error bars (y ± yErr). */
export interface PlotSeries {
  name: string;
  x: number[];
  y: number[];
  yErr?: number[];
  /** 'line' joins the points; 'points' draws markers; 'both' does both (default: 'line' without yErr, 'points' with it). */
  style?: 'line' | 'points' | 'both';
}

export interface LinePlotSpec {
  title?: string;
  xLabel: string;
  yLabel: string;
  xLog?: boolean;
  yLog?: boolean;
  /** A symmetric-log y axis (linear near 0, logarithmic beyond): for values spanning decades of both signs. */
  ySymlog?: boolean;
  /** Ticks only at integers on the x axis (e.g. truncation orders). */
  xIntegerTicks?: boolean;
  series: PlotSeries[];
  width?: number;
  height?: number;
}

/** One row of the plot's data table (what the vega spec consumes). */
interface Row {
  series: string;
  order: number;
  x: number;
  y: number;
  lo?: number;
  hi?: number;
}

/**
 * Rows that can be drawn: finite, and positive on a log axis (a log axis cannot show 0 or a
 * negative value; such points are dropped rather than drawn at a wrong place). An error bar whose
 * lower end is not positive on a log axis is clipped at the point itself (one-sided bar).
 */
function rowsOf(spec: LinePlotSpec): { rows: Row[]; styles: Map<string, 'line' | 'points' | 'both'> } {
  const rows: Row[] = [];
  const styles = new Map<string, 'line' | 'points' | 'both'>();
  for (const s of spec.series) {
    if (s.x.length !== s.y.length) throw new RangeError(`plot series '${s.name}': x has ${s.x.length} values, y has ${s.y.length}`);
    if (s.yErr && s.yErr.length !== s.y.length) throw new RangeError(`plot series '${s.name}': yErr has ${s.yErr.length} values, y has ${s.y.length}`);
    if (styles.has(s.name)) throw new RangeError(`plot series name '${s.name}' is used twice`);
    styles.set(s.name, s.style ?? (s.yErr ? 'points' : 'line'));
    s.x.forEach((x, i) => {
      const y = s.y[i];
      if (!Number.isFinite(x) || !Number.isFinite(y)) return;
      if ((spec.xLog && x <= 0) || (spec.yLog && y <= 0)) return;
      const row: Row = { series: s.name, order: i, x, y };
      const e = s.yErr?.[i];
      if (e !== undefined && Number.isFinite(e) && e > 0) {
        row.lo = spec.yLog && y - e <= 0 ? y : y - e;
        row.hi = y + e;
      }
      rows.push(row);
    });
  }
  return { rows, styles };
}

/** Tick values of a symmetric-log axis: 0 and the powers of ten (either sign) inside the data's range, at most ~9. */
function symlogTicks(values: number[]): number[] {
  const lo = Math.min(0, ...values);
  const hi = Math.max(0, ...values);
  const decades = (m: number) => (m >= 1 ? Array.from({ length: Math.floor(Math.log10(m)) + 1 }, (_, k) => 10 ** k) : []);
  const pos = decades(hi);
  const neg = decades(-lo).map((v) => -v);
  const step = Math.max(1, Math.ceil((pos.length + neg.length) / 8));
  const thin = (xs: number[]) => xs.filter((_, i) => i % step === (xs.length - 1) % step);
  return [...thin(neg).reverse(), 0, ...thin(pos)];
}

/** The vega specification of the plot (exported for tests and for users who want the spec itself). */
export function linePlotVegaSpec(spec: LinePlotSpec): vega.Spec {
  const { rows, styles } = rowsOf(spec);
  const names = spec.series.map((s) => s.name);
  const lineRows = rows.filter((r) => styles.get(r.series) !== 'points');
  const pointRows = rows.filter((r) => styles.get(r.series) !== 'line');
  const errRows = rows.filter((r) => r.lo !== undefined);
  const scaleType = (log?: boolean, symlog?: boolean) => (log ? 'log' : symlog ? 'symlog' : 'linear') as 'log' | 'symlog' | 'linear';
  return {
    $schema: 'https://vega.github.io/schema/vega/v6.json',
    width: spec.width ?? 560,
    height: spec.height ?? 340,
    padding: 8,
    autosize: { type: 'pad' },
    background: 'white',
    ...(spec.title ? { title: { text: spec.title, fontSize: 14 } } : {}),
    data: [
      { name: 'all', values: rows },
      { name: 'lines', values: lineRows },
      { name: 'points', values: pointRows },
      { name: 'errors', values: errRows },
    ],
    scales: [
      {
        name: 'x',
        type: scaleType(spec.xLog),
        range: 'width',
        zero: false,
        nice: !spec.xLog,
        domain: { data: 'all', field: 'x' },
      },
      {
        name: 'y',
        type: scaleType(spec.yLog, spec.ySymlog),
        range: 'height',
        zero: false,
        nice: true,
        domain: {
          fields: [
            { data: 'all', field: 'y' },
            { data: 'errors', field: 'lo' },
            { data: 'errors', field: 'hi' },
          ],
        },
      },
      { name: 'color', type: 'ordinal', domain: names, range: { scheme: names.length <= 10 ? 'category10' : 'category20' } },
    ],
    axes: [
      {
        orient: 'bottom',
        scale: 'x',
        title: spec.xLabel,
        grid: true,
        gridColor: '#888',
        gridOpacity: 0.25,
        ...(spec.xIntegerTicks ? { tickMinStep: 1, format: 'd' } : {}),
      },
      {
        orient: 'left',
        scale: 'y',
        title: spec.yLabel,
        grid: true,
        gridColor: '#888',
        gridOpacity: 0.25,
        ...(spec.ySymlog && !spec.yLog ? { values: symlogTicks(rows.map((r) => r.y)), format: '~g' } : {}),
      },
    ],
    legends: names.length > 1 ? [{ stroke: 'color', fill: 'color', orient: 'right', symbolType: 'circle', labelLimit: 320 }] : [],
    marks: [
      {
        // One line per series: facet the line rows by series name, sorted by input order.
        type: 'group',
        from: { facet: { name: 'lineSeries', data: 'lines', groupby: 'series' } },
        marks: [
          {
            type: 'line',
            name: 'line',
            from: { data: 'lineSeries' },
            sort: { field: 'datum.order' },
            encode: {
              enter: {
                x: { scale: 'x', field: 'x' },
                y: { scale: 'y', field: 'y' },
                stroke: { scale: 'color', field: 'series' },
                strokeWidth: { value: 2 },
              },
            },
          },
        ],
      },
      {
        type: 'rule',
        name: 'errorbar',
        from: { data: 'errors' },
        encode: {
          enter: {
            x: { scale: 'x', field: 'x' },
            y: { scale: 'y', field: 'lo' },
            y2: { scale: 'y', field: 'hi' },
            stroke: { scale: 'color', field: 'series' },
            strokeWidth: { value: 1.2 },
          },
        },
      },
      {
        type: 'symbol',
        name: 'point',
        from: { data: 'points' },
        encode: {
          enter: {
            x: { scale: 'x', field: 'x' },
            y: { scale: 'y', field: 'y' },
            fill: { scale: 'color', field: 'series' },
            size: { value: 36 },
            shape: { value: 'circle' },
          },
        },
      },
    ],
  } as vega.Spec;
}

/** Renders the plot to a standalone SVG document (vega, headless, in Node; no browser, no network). */
export async function linePlotSvg(spec: LinePlotSpec): Promise<string> {
  // vega is loaded on first use: it adds ~0.3 s to every CLI start otherwise.
  const { View, parse } = await import('vega');
  const view = new View(parse(linePlotVegaSpec(spec)), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
