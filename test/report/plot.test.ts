import { describe, expect, test } from 'vitest';
import { linePlotSvg } from '../../src/report/plot.js';

/** The children of the first `<g class="...name...">` mark group (vega writes marks flat inside it). */
function markGroup(svg: string, cls: string): string {
  const i = svg.indexOf(`class="${cls}"`);
  if (i < 0) return '';
  const start = svg.indexOf('>', i) + 1;
  return svg.slice(start, svg.indexOf('</g>', start));
}
const translates = (s: string) => [...s.matchAll(/translate\(([^,]+),([^)]+)\)/g)].map((m) => [Number(m[1]), Number(m[2])]);

/** Every opened tag is closed in order: a cheap well-formedness check without an XML parser. */
function balancedTags(xml: string): boolean {
  const stack: string[] = [];
  for (const m of xml.matchAll(/<(\/?)([a-zA-Z][\w:-]*)[^>]*?(\/?)>/g)) {
    if (m[3] === '/') continue;
    if (m[1] === '/') {
      if (stack.pop() !== m[2]) return false;
    } else stack.push(m[2]!);
  }
  return stack.length === 0;
}

describe('linePlotSvg', () => {
  test('standalone SVG with one mark per point, error bar and line; finite coordinates', async () => {
    const svg = await linePlotSvg({
      title: 'test',
      xLabel: 'N',
      yLabel: 'u4',
      width: 400,
      height: 300,
      series: [
        { name: 'fit', x: [1, 2, 3, 4, 5], y: [1, 2, 3, 4, 5] },
        { name: 'data', x: [1, 2, 3, 4], y: [1.1, 1.9, 3.2, 3.9], yErr: [0.1, 0.2, 0.1, 0.3] },
        { name: 'no bars', x: [1.5, 2.5], y: [2, 3], style: 'points' },
      ],
    });
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('xmlns="http://www.w3.org/2000/svg"');
    expect(balancedTags(svg)).toBe(true);
    expect(svg).not.toMatch(/NaN|Infinity|undefined/);
    const points = translates(markGroup(svg, 'mark-symbol role-mark point'));
    expect(points).toHaveLength(4 + 2);
    expect(translates(markGroup(svg, 'mark-rule role-mark errorbar'))).toHaveLength(4);
    expect(svg.match(/class="mark-line role-mark line"/g)).toHaveLength(1);
    // Every point lies inside the 400x300 plot area.
    for (const [x, y] of points) {
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThanOrEqual(400);
      expect(y).toBeGreaterThanOrEqual(0);
      expect(y).toBeLessThanOrEqual(300);
    }
    // Legend lists all three series.
    expect(svg.match(/class="mark-symbol role-legend-symbol"/g)).toHaveLength(3);
    for (const n of ['fit', 'data', 'no bars']) expect(svg).toContain(`>${n}</text>`);
  });

  test('log axes: decades are equally spaced; non-positive values are dropped, not drawn', async () => {
    const svg = await linePlotSvg({
      xLabel: 'sigma_w',
      yLabel: '|u4|',
      xLog: true,
      yLog: true,
      series: [{ name: 'p', x: [1, 10, 100, 1000, -1], y: [1e-3, 1e-2, 1e-1, 1, 0], style: 'points' }],
    });
    const pts = translates(markGroup(svg, 'mark-symbol role-mark point'));
    expect(pts).toHaveLength(4);
    // On log-log axes the points y = x/1000 are equally spaced in both pixel directions
    // (1e-9 px: floating point of vega's scale, nothing else).
    for (let i = 2; i < 4; i++) {
      expect(pts[i]![0]! - pts[i - 1]![0]!).toBeCloseTo(pts[1]![0]! - pts[0]![0]!, 6);
      expect(pts[i]![1]! - pts[i - 1]![1]!).toBeCloseTo(pts[1]![1]! - pts[0]![1]!, 6);
    }
    expect(pts[1]![1]!).toBeLessThan(pts[0]![1]!); // y grows upwards
    expect(svg).toContain('log scale');
  });

  test('linear axis: the pixel position is affine in the value', async () => {
    const svg = await linePlotSvg({
      xLabel: 'x',
      yLabel: 'y',
      series: [{ name: 'p', x: [0, 1, 3], y: [0, 2, 6], style: 'points' }],
    });
    const [a, b, c] = translates(markGroup(svg, 'mark-symbol role-mark point'));
    expect((c![0]! - a![0]!) / (b![0]! - a![0]!)).toBeCloseTo(3, 9);
    expect((c![1]! - a![1]!) / (b![1]! - a![1]!)).toBeCloseTo(3, 9);
  });

  test('symmetric-log axis: ticks at 0 and at powers of ten only', async () => {
    const svg = await linePlotSvg({ xLabel: 't', yLabel: 'g', ySymlog: true, series: [{ name: 'g', x: [0, 1, 2], y: [-50, 3, 2e6] }] });
    expect(svg).not.toMatch(/NaN|Infinity/);
    // The x axis comes first in the document; the y-axis labels are the second axis-label group (before its title).
    const yLabels = [
      ...svg
        .split('role-axis-label')[2]!
        .split('role-axis-title')[0]!
        .matchAll(/>([^<]*)<\/text>/g),
    ].map((m) => Number(m[1]!.replace('−', '-').replace(/,/g, '')));
    expect(yLabels).toContain(0);
    for (const v of yLabels) expect(v === 0 || Number.isInteger(Math.log10(Math.abs(v)))).toBe(true);
    expect(Math.max(...yLabels)).toBeGreaterThanOrEqual(1e6);
    expect(Math.min(...yLabels)).toBeLessThanOrEqual(-10);
  });

  test('mismatched lengths are rejected', async () => {
    await expect(linePlotSvg({ xLabel: 'x', yLabel: 'y', series: [{ name: 'p', x: [1, 2], y: [1] }] })).rejects.toThrow(/x has 2 values, y has 1/);
  });
});
