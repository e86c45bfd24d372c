import { describe, expect, test } from 'vitest';
import { correlatorDocumentSchema } from '../../src/correlators/index.js';
import type { LeadingOrder } from '../../src/exact/index.js';
import { nnrgInProcess as nnrg, tempFile } from '../helpers/cli.js';

describe('nnrg exact on the bundled deep and multi-output theories', () => {
  test('relu-deep: the leading order in 1/N, said so; the kurtosis is 15 L/N at every input', async () => {
    // He-initialized ReLU, sigma_b = 0: for one input the output's excess kurtosis is 15 L/N at leading order
    // (the product of chi^2 laws, docs/exact-and-validation.md) whatever the input; the three 2-d inputs are not
    // collinear, so the multi-point recursion runs on rank-3 layer moments. 1e-9 (finite differences).
    const small = tempFile('deep.yaml', 'network:\n  activation: relu\n  depth: 2\nensemble:\n  points: [0.5]\n');
    const text = await nnrg(['exact', small, '--width', '200,100']);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('LEADING ORDER in 1/N (O(1/N^2) dropped), depth 2, hidden widths 200, 100');
    const r = await nnrg(['exact', 'theories/relu-deep.yaml', '--width', '200', '--json']);
    const lo = JSON.parse(r.stdout) as LeadingOrder;
    expect(lo.kind).toBe('leading-order');
    for (const k of lo.kurtosis) for (const e of k.excess) expect(Math.abs(e - (15 * k.depth) / 200)).toBeLessThan(1e-9);
  });

  test('relu-dout3: entries carry components; the document reads back; O(3) couplings', async () => {
    const r = await nnrg(['exact', 'theories/relu-dout3.yaml', '--width', '10', '--json']);
    expect(r.code).toBe(0);
    const doc = correlatorDocumentSchema.parse(JSON.parse(r.stdout));
    expect(doc.correlators['4'][0]!.components).toEqual([0, 0, 0, 0]);
    expect(doc.couplings!.u4.values.every((v) => v.components !== undefined)).toBe(true);
  });
});
