/**
 * The HTML report in a real headless browser (Debian's chromium driven by playwright-core): it loads
 * with no failed and no external request, KaTeX's inlined fonts load, no `.katex-error` node, every
 * section is present; a screenshot goes to test-artifacts/report/ (gitignored).
 * Needs the build (`npm run build`, as `npm test` does) and /usr/bin/chromium (apt-get install chromium).
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { REPORT_SECTIONS, reportSections } from '../../src/report/index.js';
import { loadTheory } from '../../src/theory/index.js';
import { nnrg, ROOT } from '../helpers/cli.js';
import { sampleGaussNet } from './fixtures.js';

const CHROMIUM = process.env.NNRG_CHROMIUM ?? '/usr/bin/chromium';
const ARTIFACTS = join(ROOT, 'test-artifacts', 'report');
const haveChromium = existsSync(CHROMIUM);

if (!haveChromium) {
  const why = `the browser test needs Debian's chromium at ${CHROMIUM} (apt-get install -y chromium)`;
  // Under CI a missing browser is a failure, never a silent skip.
  if (process.env.CI) throw new Error(`${why}; it is missing on this CI machine`);
  process.stderr.write(`\n*** test/report/browser.test.ts NOT RUN: ${why} ***\n\n`);
}

interface PageReport {
  failed: string[];
  external: string[];
  consoleErrors: string[];
  katexErrors: number;
  katexNodes: number;
  sections: Record<string, boolean>;
  fontsOk: boolean;
  loadedFonts: number;
  svgFigures: number;
  /** Text of the notices for parts that failed or are not available. */
  failedParts: string[];
}

let context: BrowserContext | undefined;
let userDataDir = '';

/** Opens a report file and collects what the checks need. */
async function inspect(file: string, screenshot: string): Promise<PageReport> {
  const page = await context!.newPage();
  const pageUrl = pathToFileURL(file).href;
  const failed: string[] = [];
  const external: string[] = [];
  const consoleErrors: string[] = [];
  // Every request other than the page itself (and inline data:) is recorded and refused: a self-contained page makes none.
  await page.route('**/*', (route) => {
    const url = route.request().url();
    if (url === pageUrl || url.startsWith('data:')) return route.continue();
    external.push(url);
    return route.abort();
  });
  page.on('requestfailed', (r) => failed.push(`${r.url().slice(0, 80)}: ${r.failure()?.errorText}`));
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(m.text());
  });
  page.on('pageerror', (e) => consoleErrors.push(e.message));
  const response = await page.goto(pageUrl, { waitUntil: 'load' });
  expect(response === null || response.ok()).toBe(true);
  // Runs in the page (a string, since this project's TypeScript has no DOM types).
  const info = (await page.evaluate(`(async (ids) => {
    await document.fonts.ready;
    const fonts = [...document.fonts];
    return {
      katexErrors: document.querySelectorAll('.katex-error').length,
      katexNodes: document.querySelectorAll('.katex').length,
      sections: Object.fromEntries(ids.map((id) => [id, document.querySelector('section#' + CSS.escape(id) + ' > h2') !== null])),
      fontsOk: fonts.every((f) => f.status !== 'error') && document.fonts.check('16px KaTeX_Main') && document.fonts.check('16px KaTeX_Math'),
      loadedFonts: fonts.filter((f) => f.status === 'loaded' && f.family.replace(/"/g, '').startsWith('KaTeX')).length,
      svgFigures: document.querySelectorAll('figure > svg').length,
      failedParts: [...document.querySelectorAll('.notice.error, .notice.unavailable')].map((n) => n.textContent),
    };
  })(${JSON.stringify(REPORT_SECTIONS)})`)) as Omit<PageReport, 'failed' | 'external' | 'consoleErrors'>;
  await page.screenshot({ path: screenshot, fullPage: true });
  await page.close();
  return { failed, external, consoleErrors, ...info };
}

describe.skipIf(!haveChromium)('HTML report in headless chromium', () => {
  beforeAll(async () => {
    if (!existsSync(join(ROOT, 'dist', 'cli', 'main.js'))) throw new Error('dist/ is missing: run `npm run build` first (npm test does)');
    mkdirSync(ARTIFACTS, { recursive: true });
    // Two small, independently sampled ensembles (test/report/fixtures.ts) stand in for `nnrg sample` files.
    for (const N of [5, 20]) writeFileSync(join(ARTIFACTS, `samples-N${N}.json`), JSON.stringify(sampleGaussNet(N, 3000, 6, 11 + N)));
    userDataDir = mkdtempSync(join(tmpdir(), 'nnrg-chromium-'));
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM,
      headless: true,
      viewport: { width: 1100, height: 900 },
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
  });
  afterAll(async () => {
    await context?.close();
    if (userDataDir) rmSync(userDataDir, { recursive: true, force: true });
  });

  test('bundled GaussNet report with sample files: loads offline, no KaTeX error, every section', async () => {
    const html = join(ARTIFACTS, 'gaussnet.html');
    const samples = [5, 20].map((N) => join(ARTIFACTS, `samples-N${N}.json`)).join(',');
    const r = nnrg([
      'report',
      'theories/gaussnet.yaml',
      '--out',
      html,
      '--tex',
      join(ARTIFACTS, 'gaussnet.tex'),
      '--samples',
      samples,
      '--nets',
      '500',
      '--bags',
      '4',
    ]);
    expect(r.stderr).toContain('wrote');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    // The file itself names no external resource (http(s) URL in src/href/url()).
    const text = readFileSync(html, 'utf8');
    expect(text).not.toMatch(/(src|href)\s*=\s*["']?(https?:)?\/\//i);
    expect(text).not.toMatch(/url\((?!data:)/);
    const p = await inspect(html, join(ARTIFACTS, 'gaussnet.png'));
    expect(p.external).toEqual([]);
    expect(p.failed).toEqual([]);
    expect(p.consoleErrors).toEqual([]);
    expect(p.katexErrors).toBe(0);
    expect(p.katexNodes).toBeGreaterThan(50);
    expect(p.fontsOk).toBe(true);
    expect(p.loadedFonts).toBeGreaterThanOrEqual(3); // Main, Math, Size fonts at least: they came from data: URIs
    for (const id of REPORT_SECTIONS)
      expect(p.sections[id], `section ${id}`).toBe(reportSections(loadTheory(join(ROOT, 'theories/gaussnet.yaml'))).includes(id));
    // Every stage exists: no part of this report may have failed or be missing.
    expect(p.failedParts).toEqual([]);
    // Kernel (2), exponents, regulated flows (Gamma2, Gamma4, Gamma6, deviations), <m4>, <m6>, m4 per multiset,
    // two-point check, |u4| vs N, |u4| vs sigma_w.
    expect(p.svgFigures).toBe(13);
  });

  test('pure field theory with many derived beta functions (3d Ising, minimum expansion)', async () => {
    const html = join(ARTIFACTS, 'ising3d.html');
    // The bundled file scans orders 4..24 (10 s of fixed-point search); 4..12 renders the same kinds of content.
    const theory = join(ARTIFACTS, 'ising3d-short.yaml');
    writeFileSync(theory, readFileSync(join(ROOT, 'theories/ising3d.yaml'), 'utf8').replace(/orders: 4\.\.24/, 'orders: 4..12'));
    const r = nnrg(['report', theory, '--out', html]);
    expect(r.code).toBe(0);
    const p = await inspect(html, join(ARTIFACTS, 'ising3d.png'));
    expect(p.external).toEqual([]);
    expect(p.failed).toEqual([]);
    expect(p.katexErrors).toBe(0);
    expect(p.fontsOk).toBe(true);
    expect(p.failedParts).toEqual([]);
    for (const id of REPORT_SECTIONS) expect(p.sections[id], `section ${id}`).toBe(reportSections(loadTheory(theory)).includes(id));
  });

  test('the checks catch a page that is not self-contained (control)', async () => {
    const bad = join(ARTIFACTS, 'control-bad.html');
    writeFileSync(
      bad,
      '<!DOCTYPE html><html><head><link rel="stylesheet" href="https://cdn.example.invalid/katex.css"></head>' +
        '<body><section id="theory"><h2>Theory</h2><span class="katex-error">\\frac{</span><img src="missing.png"></section></body></html>',
    );
    const p = await inspect(bad, join(ARTIFACTS, 'control-bad.png'));
    expect(p.external.length).toBe(2);
    expect(p.failed.length).toBeGreaterThanOrEqual(2);
    expect(p.katexErrors).toBe(1);
    expect(p.sections.theory).toBe(true);
    expect(p.sections.kernel).toBe(false);
  });
});
