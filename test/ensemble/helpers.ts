import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BagRunner } from '../../src/ensemble/pool.js';
import type { KernelSpec } from '../../src/ensemble/wasm-kernel.js';
import { parseTheory, type Theory } from '../../src/theory/index.js';
import { meanAndStderr } from '../helpers/rng.js';

export const tmp = mkdtempSync(join(tmpdir(), 'nnrg-ensemble-'));

/** A theory (and its file) from a network section and points. */
export function theory(
  name: string,
  network: Record<string, unknown>,
  points: unknown[],
  ensemble: Record<string, unknown> = {},
): { theory: Theory; file: string } {
  const text = JSON.stringify({ name, network, ensemble: { points, ...ensemble } });
  const file = join(tmp, `${name}.yaml`);
  writeFileSync(file, text); // JSON is YAML
  return { theory: parseTheory(text, file), file };
}

/**
 * Per multiset node: the mean over 8 bags (seed 2) of the bag's sum / nets, and its standard error (the spread of
 * the 8 bag means / sqrt 8), from the WebAssembly kernel or the TypeScript reference.
 */
export function nodeMeans(spec: KernelSpec, nets: number, engine: 'wasm' | 'typescript'): { mean: number; se: number }[] {
  const r = new BagRunner({ spec, seed: 2, nets, engine });
  const means = Array.from({ length: 8 }, (_, b) => Array.from(r.run(b).sums, (s) => s / nets));
  return means[0]!.map((_, node) => {
    const { mean, stderr } = meanAndStderr(means.map((m) => m[node]!));
    return { mean, se: stderr };
  });
}
