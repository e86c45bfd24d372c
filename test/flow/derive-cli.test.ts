import katex from 'katex';
import { describe, expect, test } from 'vitest';
import { nnrg, nnrgInProcess, tempFile } from '../helpers/cli.js';

// End to end through the built binary (run `npm run build` first).
describe('nnrg derive (end to end, built binary)', () => {
  test('--format json on the bundled 3d Ising theory: the documented JSON shape', () => {
    const r = nnrg(['derive', 'theories/ising3d.yaml', '--format', 'json', '--order', '6', '--expand', 'zero']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const doc = JSON.parse(r.stdout);
    expect(doc).toMatchObject({ scheme: 'wetterich', regulator: 'litim', expand: 'zero', d: 3, N: 1, order: 6, couplings: ['m2', 'u4', 'u6'] });
    for (const c of doc.couplings) {
      expect(doc.betas[c]).toEqual({ text: expect.any(String), latex: expect.any(String) });
      katex.renderToString(doc.betas[c].latex, { throwOnError: true });
    }
    // hand-derived (docs/derive.md): beta_m2 = -2 m2 - (N+2)/3 c_d u4/(1+m2)^2
    expect(doc.betas.m2.text).toBe('-2*m2 - (N + 2)*u4*c_d/(3*(1 + m2)^2)');
    expect(doc.warnings).toEqual([]);
    expect(doc.normalization).toMatch(/standard field normalization/);
  });
  test('text and latex formats; options override the file', () => {
    const t = nnrg(['derive', 'theories/ising3d.yaml', '--order', '4', '--components', '3', '--dimension', '4']);
    expect(t.code).toBe(0);
    expect(t.stdout).toContain('O(N) with N = 3, d = 4');
    expect(t.stdout).toContain('d_t kappa = ');
    const l = nnrg(['derive', 'theories/ising3d.yaml', '--format', 'latex', '--order', '8']);
    expect(l.code).toBe(0);
    const body = l.stdout
      .split('\n')
      .filter((s) => !s.startsWith('%'))
      .join('\n');
    katex.renderToString(body, { throwOnError: true, displayMode: true });
    expect(body).toContain('\\partial_t \\lambda_{4} &=');
  });
  test('Polchinski warns on stderr in text mode and in the JSON document with --json', () => {
    const t = nnrg(['derive', 'theories/ising3d.yaml', '--scheme', 'polchinski']);
    expect(t.code).toBe(0);
    expect(t.stderr).toMatch(/warning: Polchinski polynomial truncations converge badly/);
    const j = nnrg(['derive', 'theories/ising3d.yaml', '--scheme', 'polchinski', '--json']);
    expect(j.stderr).toBe('');
    expect(JSON.parse(j.stdout).warnings[0]).toMatch(/converge badly/);
  });
  test('GaussNet: kernel regulator, the large-N statement and the K_k normalization', () => {
    const j = JSON.parse(nnrg(['derive', 'theories/gaussnet.yaml', '--json']).stdout);
    expect(j.regulator).toBe('kernel');
    expect(j.largeN.exponents).toEqual({ u4: 3, u6: 4 });
    expect(j.normalization).toContain('K_k field normalization');
    expect(j.betas.u4.text).toContain('l_2(m2)');
    expect(j.largeN.text).toContain('sigma_w du4/dsigma_w = (4 - d_in) u4');
  });
  test('bad input: exit 2 with one line naming the option or key (in-process)', async () => {
    for (const args of [
      ['--order', '7'],
      ['--regulator', 'kernel'],
    ]) {
      const r = await nnrgInProcess(['derive', 'theories/ising3d.yaml', ...args]);
      expect(r.code).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toContain(args[0] === '--regulator' ? 'regulator' : args[0]);
    }
    const f = tempFile('p.yaml', 'field_theory:\n  scheme: polchinski\n  dimensionful: true\n');
    const r = await nnrgInProcess(['derive', f]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('field_theory.dimensionful');
  });
});
