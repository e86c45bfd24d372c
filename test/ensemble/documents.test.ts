import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exactCorrelators } from '../../src/exact/index.js';
import { documentText, readSampleDocument, sample } from '../../src/ensemble/index.js';
import { InputError } from '../../src/theory/index.js';
import { theory, tmp } from './helpers.js';

// Every read of a sampled document from disk (resume, merge parts) goes through readSampleDocument and
// the document's schema: a wrong file is an InputError (exit 2) naming the file and the field.

const gauss = theory('docs-gauss', { activation: 'gauss', sigma_w: 1, sigma_b: 1, widths: [3] }, [-0.5, 0, 0.5]);
const opts = { width: 3, nets: 40, bags: 4, seed: 2, threads: 1 };

/** A document changed by `edit`, written to its own file. */
// biome-ignore lint/suspicious/noExplicitAny: the cases corrupt documents field by field, as a hand edit would
function variant(good: unknown, name: string, edit: (d: any) => void): string {
  const d = structuredClone(good);
  edit(d);
  const file = join(tmp, `${name}.json`);
  writeFileSync(file, JSON.stringify(d, null, 2));
  return file;
}

/** The message of the InputError `read(file)` throws. */
function refusal(read: (file: string) => unknown, file: string): string {
  try {
    read(file);
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    return (e as Error).message;
  }
  throw new Error(`${file} was accepted`);
}

describe('sampled documents read from disk', () => {
  it('a checkpoint or part with a wrong field is refused, naming the file and the field', async () => {
    const good = JSON.parse(documentText(await sample(gauss.theory, { ...opts, out: join(tmp, 'docs-good.json') })));
    expect(good.kind).toBe('sampled');
    expect(readSampleDocument(join(tmp, 'docs-good.json')).bagStats).toHaveLength(4);
    // biome-ignore lint/suspicious/noExplicitAny: as in variant()
    const cases: [string, (d: any) => void, RegExp][] = [
      ['wrong-type', (d) => (d.nets = '40'), /: nets: expected a finite number, got "40"$/],
      ['wrong-type-nested', (d) => (d.sampler.sigma_w = [1]), /: sampler\.sigma_w: expected a finite number, got \[1\]$/],
      ['missing', (d) => delete d.bagStats[2].top, /: bagStats\[2\]\.top: expected a list, got nothing$/],
      ['missing-sampler', (d) => delete d.sampler, /: sampler: expected an object, got nothing$/],
      ['nan-sum', (d) => (d.bagStats[1].sums[5] = null), /: bagStats\[1\]\.sums\[5\]: expected a finite number, got null \(NaN or Infinity\)$/],
      ['nan-value', (d) => (d.correlators['4'][0].value = null), /: correlators\.4\[0\]\.value: expected a finite number, got null \(NaN or Infinity\)$/],
      // marginalized (the default): sums over the 6 entries of C for 3 points, 6 + 21 + 56 of them
      [
        'short-sums',
        (d) => d.bagStats[0].sums.pop(),
        /: bagStats\[0\]\.sums: expected 83 sums \(the multisets of orders 1\.\.3 of the 6 entries of C\), got 82 sums$/,
      ],
      ['plain-sums', (d) => (d.sampler.estimator = 'plain'), /: bagStats\[0\]\.sums: expected 49 sums \(one per correlator entry\), got 83 sums$/],
      ['bad-estimator', (d) => (d.sampler.estimator = 'fancy'), /: sampler\.estimator: expected one of "marginalized", "plain", got "fancy"$/],
      [
        'connected-idx',
        (d) => (d.connected['6'][3].idx = [0, 0, 0, 0, 0, 0]),
        /: connected\.6\[3\]\.idx: expected \[0, 0, 0, 0, 1, 1\] \(the multiset of correlators\.6\[3\]\), got \[0,0,0,0,0,0\]$/,
      ],
      ['short-connected', (d) => d.connected['4'].pop(), /: connected\.4: expected 15 entries \(one per entry of correlators\.4\), got 14 entries$/],
      ['short-order', (d) => d.correlators['6'].pop(), /: correlators\.6: expected 28 entries \(the 6-multisets of 3 points\), got 27 entries$/],
      ['short-idx', (d) => (d.correlators['2'][1].idx = [0]), /: correlators\.2\[1\]\.idx: expected \[0, 1\]/],
      ['long-top', (d) => d.bagStats[3].top.push(...d.bagStats[3].top), /: bagStats\[3\]\.top: expected at most sampler\.topK = 40 values, got 80 values$/],
      ['bag-twice', (d) => (d.bagStats[1].bag = 0), /: bagStats\[1\]\.bag: expected each bag once, got 0$/],
      ['exact-kind', (d) => (d.kind = 'exact'), /: kind: expected "sampled", got "exact"$/],
    ];
    for (const [name, edit, message] of cases) {
      const file = variant(good, `docs-${name}`, edit);
      const m = refusal(readSampleDocument, file);
      expect(m, name).toContain(`${file}: `);
      expect(m, name).toMatch(message);
    }
  });

  it('resume and merge refuse a bad file with exit 2 and one line', async () => {
    const good = JSON.parse(readFileSync(join(tmp, 'docs-good.json'), 'utf8'));
    const bad = variant(good, 'docs-bad-part', (d) => (d.bagStats[0].sums[0] = null));
    await expect(sample(gauss.theory, { ...opts, out: bad, resume: true })).rejects.toThrow(
      /docs-bad-part\.json: bagStats\[0\]\.sums\[0\]: expected a finite number/,
    );
    const { main } = await import('../../src/cli/main.js');
    let err = '';
    const write = process.stderr.write.bind(process.stderr);
    process.stderr.write = ((chunk: string) => {
      err += chunk;
      return true;
    }) as typeof process.stderr.write;
    let code: number;
    try {
      code = await main(['node', 'nnrg', 'merge', join(tmp, 'docs-good.json'), bad, '--out', join(tmp, 'docs-merged.json')]);
    } finally {
      process.stderr.write = write;
    }
    expect(code).toBe(2);
    expect(err).toMatch(/docs-bad-part\.json: bagStats\[0\]\.sums\[0\]: expected a finite number, got null \(NaN or Infinity\)/);
    expect(err.trim().split('\n')).toHaveLength(1);
  });

  it('an exact document is not a part, and documents of previous versions (no kind; no estimator: plain) still resume', async () => {
    const exact = join(tmp, 'docs-exact.json');
    writeFileSync(exact, documentText(exactCorrelators(gauss.theory, 3)));
    expect(refusal(readSampleDocument, exact)).toMatch(/docs-exact\.json: kind: expected "sampled", got "exact"$/);
    // a 2-bag checkpoint written before documents had `kind`: resumed to the same result as a fresh run
    const whole = documentText(await sample(gauss.theory, opts));
    const partial = JSON.parse(documentText(await sample(gauss.theory, { ...opts, shard: { index: 0, count: 2 } })));
    delete partial.kind;
    delete partial.shard;
    const old = join(tmp, 'docs-old.json');
    writeFileSync(old, JSON.stringify(partial, null, 2));
    expect(readSampleDocument(old).kind).toBe('sampled');
    expect(documentText(await sample(gauss.theory, { ...opts, out: old, resume: true }))).toBe(whole);
    // a plain checkpoint written before the estimator existed (no sampler.estimator, no connected) is plain
    const plainOpts = { ...opts, estimator: 'plain' as const };
    const plainWhole = documentText(await sample(gauss.theory, plainOpts));
    const older = JSON.parse(documentText(await sample(gauss.theory, { ...plainOpts, shard: { index: 1, count: 2 } })));
    for (const k of ['kind', 'shard', 'connected']) delete older[k];
    delete older.sampler.estimator;
    const olderFile = join(tmp, 'docs-older.json');
    writeFileSync(olderFile, JSON.stringify(older, null, 2));
    expect(readSampleDocument(olderFile).sampler.estimator).toBe('plain');
    await expect(sample(gauss.theory, { ...opts, out: olderFile, resume: true })).rejects.toThrow(/sampler\.estimator: "marginalized" vs "plain"/);
    expect(documentText(await sample(gauss.theory, { ...plainOpts, out: olderFile, resume: true }))).toBe(plainWhole);
  });
});
