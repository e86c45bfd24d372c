// The npm package as a user gets it: `npm pack`, install the tarball into an empty project, run the
// docs/api.md example there with `import ... from 'nnrg'`, and check its numbers against closed forms.
// Needs the build (`npm run build`), like the CLI tests.
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const example = join(root, 'docs/examples/api-example.mjs');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };

let dir = '';
let app = '';
let files: string[] = [];
let output = '';

/** The installed package's dependencies from the npm cache when it has them (CI after `npm ci`), else the registry. */
function install(tarball: string): void {
  const args = ['install', tarball, '--no-audit', '--no-fund', '--ignore-scripts', '--loglevel=error'];
  for (const mode of ['--offline', '--prefer-offline']) {
    const r = spawnSync('npm', [...args, mode], { cwd: app, encoding: 'utf8' });
    if (r.status === 0) return;
    if (mode === '--prefer-offline') throw new Error(`npm install failed:\n${r.stderr}`);
  }
}

beforeAll(() => {
  for (const f of ['dist/index.js', 'dist/ensemble/sampler.wasm']) {
    if (!existsSync(join(root, f))) throw new Error(`${f} is missing: run \`npm run build\` first`);
  }
  dir = mkdtempSync(join(tmpdir(), 'nnrg-package-'));
  // --ignore-scripts: pack the build as it is (prepare would rebuild it).
  const packed = JSON.parse(execFileSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', dir], { cwd: root, encoding: 'utf8' })) as {
    filename: string;
    files: { path: string }[];
  }[];
  files = packed[0]!.files.map((f) => f.path);
  app = join(dir, 'app');
  mkdirSync(app);
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'app', private: true, type: 'module' }));
  install(join(dir, packed[0]!.filename));
  copyFileSync(example, join(app, 'api-example.mjs'));
  const r = spawnSync(process.execPath, ['api-example.mjs'], { cwd: app, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`the example failed (exit ${r.status}):\n${r.stderr}`);
  expect(r.stderr).toBe('');
  output = r.stdout;
}, 120_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** The numbers after `start` on the example's output line that starts with it (not the digits of names like u4). */
function numbers(start: string): number[] {
  const line = output.split('\n').find((l) => l.trimStart().startsWith(start));
  if (!line) throw new Error(`no line "${start}" in the output:\n${output}`);
  return [...line.slice(line.indexOf(start) + start.length).matchAll(/(?<![\w.])-?\d+(?:\.\d+)?(?:e[-+]?\d+)?/g)].map((m) => Number(m[0]));
}

const close = (got: number, want: number, rel: number) => expect(Math.abs(got - want)).toBeLessThanOrEqual(rel * Math.abs(want));

// phi^4 in d = 3, Wetterich–Litim LPA: d_t v = -d v + (d-2)/2 phi v' + c_d/(1 + v''), c_d = 1/(6 pi^2), with
// v = m2 phi^2/2 + u4 phi^4/4!. The phi^2 and phi^4 coefficients of the right-hand side give
const cd = 1 / (6 * Math.PI ** 2);
const beta = ([m2, u4]: number[]) => [-2 * m2! - (cd * u4!) / (1 + m2!) ** 2, -u4! + (6 * cd * u4! ** 2) / (1 + m2!) ** 3];
const jacobian = ([m2, u4]: number[]) => [
  [-2 + (2 * cd * u4!) / (1 + m2!) ** 3, -cd / (1 + m2!) ** 2],
  [(-18 * cd * u4! ** 2) / (1 + m2!) ** 4, -1 + (12 * cd * u4!) / (1 + m2!) ** 3],
];

// GaussNet, sigma_w = sigma_b = 1, d_in = 1: K(x, y) = sigma_b^2 + sigma_w^2 exp(-sigma_w^2 (x - y)^2 / 2).
const K = (x: number, y: number) => 1 + Math.exp(-((x - y) ** 2) / 2);

describe('the npm package', () => {
  it('holds the build, the WebAssembly kernel and the theories, not the sources', () => {
    for (const f of ['dist/index.js', 'dist/index.d.ts', 'dist/ensemble/sampler.wasm', 'dist/ensemble/worker.js', 'bin/nnrg.js', 'theories/gaussnet.yaml']) {
      expect(files).toContain(f);
    }
    expect(files.filter((f) => f.startsWith('src/') || f.startsWith('test/') || f.endsWith('.map'))).toEqual([]);
  });

  it("resolves 'nnrg' to the installed copy", () => {
    const r = execFileSync(process.execPath, ['--input-type=module', '-e', "console.log(import.meta.resolve('nnrg'))"], { cwd: app, encoding: 'utf8' });
    expect(fileURLToPath(r.trim())).toBe(join(app, 'node_modules/nnrg/dist/index.js'));
  });

  it('typechecks a TypeScript user of the package (types from dist/index.d.ts)', () => {
    writeFileSync(
      join(app, 'use.ts'),
      [
        "import { networkKernel, parseTheory, version, type Theory, type CorrelatorDocument } from 'nnrg';",
        "const t: Theory = parseTheory('name: t\\nnetwork: { activation: gauss }', 't');",
        'const k: number = networkKernel(t.network!).value([0], [1]);',
        'const v: string = version;',
        'export const out: [number, string, CorrelatorDocument | undefined] = [k, v, undefined];',
        '',
      ].join('\n'),
    );
    const compilerOptions = {
      target: 'ES2022',
      module: 'NodeNext',
      moduleResolution: 'NodeNext',
      strict: true,
      noEmit: true,
      skipLibCheck: true,
      types: ['node'],
      typeRoots: [join(root, 'node_modules/@types')],
    };
    writeFileSync(join(app, 'tsconfig.json'), JSON.stringify({ compilerOptions, files: ['use.ts'] }));
    const r = spawnSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json'], { cwd: app, encoding: 'utf8' });
    expect(r.stdout + r.stderr).toBe('');
    expect(r.status).toBe(0);
  }, 60_000);

  it('docs/api.md shows the example and its output verbatim', () => {
    const doc = readFileSync(join(root, 'docs/api.md'), 'utf8');
    expect(doc).toContain('```js\n' + readFileSync(example, 'utf8') + '```\n');
    expect(doc).toContain('```text\n' + output + '```\n');
  });

  it('reports the version of package.json', () => {
    expect(output.split('\n')[0]).toBe(`nnrg ${pkg.version}`);
  });

  it('GP kernel: the GaussNet closed form', () => {
    close(numbers('GP kernel: K(0.3, -0.2) =')[0]!, K(0.3, -0.2), 1e-11);
  });

  it('beta functions: the Litim phi^4 flow in d = 3', () => {
    const [bm2, bu4] = numbers('beta(m2 = -0.05, u4 = 5) =');
    const [em2, eu4] = beta([-0.05, 5]);
    close(bm2!, em2!, 1e-10);
    close(bu4!, eu4!, 1e-10);
  });

  it('Wilson–Fisher point: m2 = -1/13, u4 = pi^2 (12/13)^3, nu = -1/(negative eigenvalue)', () => {
    const [m2, u4, nu] = numbers('Wilson-Fisher fixed point: m2 =');
    close(m2!, -1 / 13, 1e-10);
    close(u4!, Math.PI ** 2 * (12 / 13) ** 3, 1e-10);
    const [[a, b], [c, d]] = jacobian([-1 / 13, Math.PI ** 2 * (12 / 13) ** 3]) as [[number, number], [number, number]];
    const lambda = (a + d) / 2 - Math.sqrt(((a - d) / 2) ** 2 + b * c);
    close(nu!, -1 / lambda, 1e-10);
  });

  it('flow: agrees with classical RK4 on the same betas', () => {
    let g = [-0.05, 5];
    const h = -1e-3;
    for (let k = 0; k < 1000; k++) {
      const add = (x: number[], y: number[], s: number) => x.map((v, i) => v + s * y[i]!);
      const k1 = beta(g);
      const k2 = beta(add(g, k1, h / 2));
      const k3 = beta(add(g, k2, h / 2));
      const k4 = beta(add(g, k3, h));
      g = g.map((v, i) => v + (h / 6) * (k1[i]! + 2 * k2[i]! + 2 * k3[i]! + k4[i]!));
    }
    expect(output).toContain('flow to t = -1 (completed)');
    const [m2, u4] = numbers('flow to t = -1 (completed): m2 =');
    close(m2!, g[0]!, 1e-8);
    close(u4!, g[1]!, 1e-8);
  });

  it('correlators: exact G2 = K at any width, sampled G2 within 4 stderr, exact G4(x,x,x,x) in closed form', () => {
    const x = [-0.01, -0.006, -0.002];
    for (let j = 0; j < 3; j++) {
      const [sampled, stderr, exact, gp] = numbers(`G2[0,${j}]:`);
      close(exact!, K(x[0]!, x[j]!), 1e-11);
      close(gp!, K(x[0]!, x[j]!), 1e-11);
      expect(Math.abs(sampled! - exact!)).toBeLessThan(4 * stderr!);
    }
    // f = b + sum_j W_j g(z_j), W_j ~ N(0, sigma_w^2/N), g(z) = exp(z - Var z): its fourth cumulant is
    // 3 sigma_w^4/N (E g^4 - (E g^2)^2) = (3/N) (exp(4 Var z) - 1), Var z = sigma_w^2 x^2 + sigma_b^2.
    const [exact, gp] = numbers('G4[0,0,0,0] exact:');
    const k = K(x[0]!, x[0]!);
    close(gp!, 3 * k ** 2, 1e-11);
    close(exact!, 3 * k ** 2 + (3 / 10) * (Math.exp(4 * (x[0]! ** 2 + 1)) - 1), 1e-10);
  });
});
