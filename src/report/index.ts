/**
 * report/: the equation report of a theory — one self-contained HTML page (KaTeX, inline SVG plots)
 * and the same content as a standalone LaTeX document. Sections draw on the stages' index.ts APIs;
 * a stage that is not built (or fails) shows a visible notice, never invented numbers.
 */
import type { Theory } from '../theory/index.js';
import type { ReportContext, ReportOptions } from './context.js';
import { plain, type ReportDocument, type Section } from './document.js';
import { renderHtml } from './html.js';
import { correlatorData } from './data.js';
import { loadSamples } from './samples.js';
import { actionSection } from './sections/action.js';
import { betasSection } from './sections/betas.js';
import { correlatorsSection } from './sections/correlators.js';
import { fitsSection } from './sections/fits.js';
import { kernelSection } from './sections/kernel.js';
import { fixedPointsSection } from './sections/fixed-points.js';
import { flowsSection } from './sections/flows.js';
import { validationSection } from './sections/validation.js';
import { theorySection } from './sections/theory.js';
import { renderTex } from './tex.js';
import { version } from '../version.js';

export type { ReportOptions } from './context.js';
export type { Block, Inline, ReportDocument, Section } from './document.js';
export { linePlotSvg, linePlotVegaSpec, type LinePlotSpec, type PlotSeries } from './plot.js';
export { katexCss, renderMath } from './katex.js';
export { renderHtml } from './html.js';
export { renderTex } from './tex.js';
export { loadSamples } from './samples.js';
export { REPORT_ENSEMBLE } from './data.js';

/** Section ids in report order (the browser test checks that each is present). */
export const REPORT_SECTIONS = ['theory', 'kernel', 'action', 'betas', 'fixed-points', 'flows', 'correlators', 'fits', 'validation'] as const;

export interface Report {
  document: ReportDocument;
  html: string;
  tex: string;
  /** One line per unavailable or failed part (also shown in the report itself). */
  problems: string[];
}

/** Builds the report's content (sections in the order of the data's path). */
export async function buildReportDocument(theory: Theory, options: ReportOptions = {}): Promise<{ document: ReportDocument; problems: string[] }> {
  const ctx: ReportContext = {
    theory, options, problems: [],
    progress: options.progress ?? (() => {}),
    samples: (options.samples ?? []).map((file) => ({ file, doc: loadSamples(file) })),
  };
  const now = options.now ?? new Date();
  const sections: Section[] = [theorySection(ctx), await kernelSection(ctx), actionSection(ctx)];
  const betas = await betasSection(ctx);
  sections.push(
    betas.section,
    await fixedPointsSection(ctx),
    await flowsSection(ctx),
  );
  const data = theory.network ? await correlatorData(ctx) : undefined;
  sections.push(
    await correlatorsSection(ctx, data),
    await fitsSection(ctx, data),
    await validationSection(ctx),
  );
  const document: ReportDocument = {
    title: `nnrg report: ${theory.name}`,
    meta: [plain(`Theory file: ${theory.file}`), `Generated ${now.toISOString().replace(/\.\d+Z$/, 'Z')} by nnrg ${version}`],
    sections,
  };
  return { document, problems: ctx.problems };
}

/** The report as HTML and LaTeX. */
export async function buildReport(theory: Theory, options: ReportOptions = {}): Promise<Report> {
  const { document, problems } = await buildReportDocument(theory, options);
  options.progress?.('rendering');
  return { document, html: renderHtml(document), tex: renderTex(document), problems };
}
