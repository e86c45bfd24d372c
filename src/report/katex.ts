import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import katex from 'katex';

/**
 * Server-side KaTeX: every equation becomes HTML+MathML at build time, so the report needs no
 * JavaScript and no network. `throwOnError: true` makes a bad formula fail the build (with the
 * formula in the message) instead of leaving a red `.katex-error` node in the page.
 */
export function renderMath(latex: string, displayMode: boolean): string {
  try {
    return katex.renderToString(latex, { displayMode, throwOnError: true, output: 'htmlAndMathml', strict: 'ignore', trust: false });
  } catch (e) {
    throw new Error(`KaTeX cannot render ${JSON.stringify(latex)}: ${(e as Error).message}`);
  }
}

/** node_modules/katex/dist (found through Node's resolver, so it works from src/ and dist/). */
function katexDist(): string {
  return dirname(createRequire(import.meta.url).resolve('katex'));
}

let cachedCss: string | undefined;

/**
 * KaTeX's stylesheet with its woff2 fonts inlined as data: URIs. The woff and ttf fallbacks are
 * removed: every browser that runs KaTeX reads woff2, and a relative url() left in the page would be
 * a failed request once the file is moved or mailed.
 */
export function katexCss(): string {
  if (cachedCss !== undefined) return cachedCss;
  const dist = katexDist();
  const css = readFileSync(join(dist, 'katex.min.css'), 'utf8');
  cachedCss = css.replace(/src:([^;}]*)/g, (_all, sources: string) => {
    const woff2 = /url\((fonts\/[^)]+\.woff2)\)/.exec(sources);
    if (!woff2) throw new Error(`katex.min.css: a @font-face without a woff2 source: ${sources.slice(0, 120)}`);
    const data = readFileSync(join(dist, woff2[1]!)).toString('base64');
    return `src:url(data:font/woff2;base64,${data}) format("woff2")`;
  });
  if (/url\((?!data:)/.test(cachedCss)) throw new Error('katex.min.css still refers to an external file after inlining its fonts');
  return cachedCss;
}
