/**
 * report/: the equation report of a theory — one self-contained HTML page (KaTeX, inline SVG plots)
 * and the same content as a standalone LaTeX document. Sections draw on the stages' index.ts APIs;
 * a stage that is not built (or fails) shows a visible notice, never invented numbers.
 */
import type { Theory } from '../theory/index.js';
import type { CorrelatorData, ReportContext, ReportOptions } from './context.js';
import { plain, type Block, type ReportDocument, type Section } from './document.js';
import { renderHtml } from './html.js';
import { correlatorData } from './data.js';
import { checkSamplesMatch, loadSamples } from './samples.js';
import { SECTIONS } from './sections/index.js';
import { renderTex } from './tex.js';
import { version } from '../version.js';

export type { ReportOptions } from './context.js';
export type { Block, Inline, ReportDocument, Section } from './document.js';
export { linePlotSvg, linePlotVegaSpec, type LinePlotSpec, type PlotSeries } from './plot.js';
export { katexCss, renderMath } from './katex.js';
export { renderHtml } from './html.js';
export { renderTex } from './tex.js';
export { checkSamplesMatch, ensembleDifferences, loadSamples } from './samples.js';
export { REPORT_ENSEMBLE } from './data.js';

/** Ids of the sections every report has, in report order (the browser test checks that each is present). */
export const REPORT_SECTIONS: readonly string[] = SECTIONS.filter((s) => !s.shown).map((s) => s.id);

/** The ids of the sections shown for a theory (the browser test checks that each is present). */
export function reportSections(theory: Theory): string[] {
  return SECTIONS.filter((s) => s.shown?.(theory) ?? true).map((s) => s.id);
}

export interface Report {
  document: ReportDocument;
  html: string;
  tex: string;
  /** One line per failed part (also shown in the report itself). */
  problems: string[];
}

/** Builds the report's content (sections in the order of the data's path). */
export async function buildReportDocument(theory: Theory, options: ReportOptions = {}): Promise<{ document: ReportDocument; problems: string[] }> {
  let data: Promise<CorrelatorData | undefined> | undefined;
  const ctx: ReportContext = {
    theory,
    options,
    problems: [],
    progress: options.progress ?? (() => {}),
    samples: (options.samples ?? []).map((file) => {
      const doc = loadSamples(file);
      checkSamplesMatch(theory, file, doc);
      return { file, doc };
    }),
    correlatorData: () => (data ??= theory.network ? correlatorData(ctx) : Promise.resolve(undefined)),
  };
  const now = options.now ?? new Date();
  const sections: Section[] = [];
  for (const s of SECTIONS) {
    if (s.shown && !s.shown(theory)) continue;
    const blocks: Block[] = [];
    await s.build(ctx, blocks);
    sections.push({ id: s.id, title: s.title, blocks });
  }
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
