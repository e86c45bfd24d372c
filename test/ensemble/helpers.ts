import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseTheory, type Theory } from '../../src/theory/index.js';

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
