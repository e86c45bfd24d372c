/**
 * The report's Bayesian RG section: present with its figures and tables for a theory with a brg section,
 * absent without one. (The numbers themselves are checked in test/brg.)
 */
import { describe, expect, test } from 'vitest';
import { buildReportDocument, reportSections } from '../../src/report/index.js';
import { parseTheory } from '../../src/theory/index.js';

const COS = `name: small cos-net
field_theory: {truncation: 4}
brg: {fisher: diagonal, scheme: marginalize, width: 16, nets: 2, data: {measure: gaussian, n: 8, ridge: 0.01, target: linear, test: 3, datasets: 2}}
cosnet: {m: 1, R: 4, d: 3, width: 64, nets: 8, n: 256, k: [2, 3], r: [0, 1]}
`;

describe('report: Bayesian RG section', () => {
  test('shown with the spectrum, the coarse graining, the limits, G_k(r) and the mass flow', async () => {
    const theory = parseTheory(COS, 'cos.yaml');
    expect(reportSections(theory)).toContain('brg');
    const { document, problems } = await buildReportDocument(theory, { now: new Date(0) });
    expect(problems.filter((p) => p.startsWith('Bayesian RG'))).toEqual([]);
    const section = document.sections.find((s) => s.id === 'brg')!;
    const figures = section.blocks.filter((b) => b.kind === 'figure');
    expect(figures.map((f) => (f.kind === 'figure' ? f.svg.includes('<svg') : false))).toEqual([true, true, true]);
    const tables = section.blocks.filter((b) => b.kind === 'table').map((b) => (b.kind === 'table' ? b.caption : ''));
    expect(tables.some((c) => c?.includes('limits'))).toBe(true);
    expect(tables.some((c) => c?.includes('dimensionless mass'))).toBe(true);
  });

  test('absent without a brg section', async () => {
    const theory = parseTheory('field_theory: {truncation: 4}\n', 'plain.yaml');
    expect(reportSections(theory)).not.toContain('brg');
    const { document } = await buildReportDocument(theory, { now: new Date(0) });
    expect(document.sections.map((s) => s.id)).not.toContain('brg');
  });
});
