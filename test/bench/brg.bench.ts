import { bench, describe } from 'vitest';
import { runBrg } from '../../src/brg/index.js';
import { FeatureSampler, referenceFeatures, type FeatureNetSpec } from '../../src/ensemble/index.js';
import { loadTheory } from '../../src/theory/index.js';

// nnrg brg's per-network draws (docs/brg.md, "Sampling"): the cos-net check's features of one network at 2048
// points, width 512, by the WebAssembly kernel against the same features computed in TypeScript (Math.cos) from
// the drawn parameters; and the bundled theories end to end, on one thread and on all cores.
const spec: FeatureNetSpec = { kind: 'cosnet', d: 3, width: 512, m: 1, R: 5, amplitude: 0.01 };
const sampler = new FeatureSampler(spec);
const X = Array.from({ length: 2048 }, (_, i) => [Math.sin(i), Math.cos(1.3 * i), Math.sin(0.7 * i + 1)]);
let net = 0;

describe('brg: one cos-net network, 2048 points x 512 neurons', () => {
  bench('WebAssembly: draw and features', () => {
    sampler.draw(2, -1, net++).features(X);
  });
  bench('TypeScript features from the same parameters', () => {
    referenceFeatures(spec, sampler.draw(2, -1, net++), X);
  });
});

describe('nnrg brg end to end', () => {
  for (const file of ['theories/relu-brg.yaml', 'theories/cosnet-brg.yaml'])
    for (const threads of [1, undefined])
      bench(`${file}, ${threads ?? 'all'} thread(s)`, async () => void (await runBrg(loadTheory(file), { threads })), { iterations: 2, time: 0 });
});
