import type { CorrelatorDocument } from '../correlators/index.js';
import { sample } from '../ensemble/index.js';
import { exactCorrelators } from '../exact/index.js';
import { couplings } from '../fit/index.js';
import type { Theory } from '../theory/index.js';
import { plain, type Block } from './document.js';
import type { CorrelatorData, CouplingValue, ReportContext, WidthData } from './context.js';
import { attempt } from './context.js';

/** The report's own ensemble when no --samples file is given: small, so that the report takes about a minute. */
export const REPORT_ENSEMBLE = { nets: 10000, bags: 10 };

/**
 * Threads for a sampling job: the theory's ensemble.threads, else one (in this thread) for small jobs,
 * whose cost would be dominated by starting the worker pool, else all cores.
 */
export function samplingThreads(theory: Theory, nets: number, bags: number, width: number): number | undefined {
  return theory.ensemble.threads ?? (nets * bags * width <= 2e6 ? 1 : undefined);
}

/** The theory with the points of a correlator document (exact values must be on the same points). */
function onPoints(theory: Theory, doc: CorrelatorDocument): Theory {
  return { ...theory, ensemble: { ...theory.ensemble, points: doc.points.map((p) => (Array.isArray(p) ? p : [p])) } };
}

function couplingValues(ctx: ReportContext, theory: Theory, doc: CorrelatorDocument): { u4?: CouplingValue; u6?: CouplingValue } {
  try {
    const c = couplings(doc, theory, theory.ensemble.normalization);
    return { u4: { mean: c.u4.mean, stderr: c.u4.stderr }, u6: { mean: c.u6.mean, stderr: c.u6.stderr } };
  } catch (e) {
    ctx.problems.push(`couplings at width ${doc.width}: ${(e as Error).message}`);
    return {};
  }
}

/**
 * Sampled correlators from the --samples files, or else from a small ensemble sampled now at every
 * width of the theory; exact finite-width correlators at the same widths and points.
 */
export async function correlatorData(ctx: ReportContext): Promise<CorrelatorData> {
  const theory = ctx.theory;
  const net = theory.network!;
  const notes: Block[] = [];
  const byWidth = new Map<number, WidthData>();
  const at = (w: number) => byWidth.get(w) ?? byWidth.set(w, { width: w }).get(w)!;
  let ownEnsemble = false;
  if (ctx.samples.length > 0) {
    for (const { file, doc } of ctx.samples) {
      if (doc.theory !== theory.name)
        notes.push({ kind: 'notice', level: 'warning', text: plain(`${file} was sampled for the theory "${doc.theory}", not "${theory.name}".`) });
      if (at(doc.width).sampled) notes.push({ kind: 'notice', level: 'warning', text: plain(`Two files have width ${doc.width}; ${file} is shown.`) });
      at(doc.width).sampled = { source: file, doc, ...couplingValues(ctx, onPoints(theory, doc), doc) };
    }
  } else {
    ownEnsemble = true;
    const nets = ctx.options.nets ?? REPORT_ENSEMBLE.nets;
    const bags = ctx.options.bags ?? REPORT_ENSEMBLE.bags;
    notes.push({
      kind: 'paragraph',
      text:
        `No --samples file was given: the report sampled a small ensemble of $${nets} \\times ${bags}$ networks at each width (seed ` +
        `${theory.ensemble.seed}). For publication-quality error bars, run nnrg sample with larger ensembles and pass the files with --samples.`,
    });
    for (const width of net.widths) {
      ctx.progress(`sampling width ${width} (${nets} x ${bags} networks)`);
      const doc = await attempt(ctx, `Sampling at width ${width}`, notes, () =>
        sample(theory, { width, nets, bags, seed: theory.ensemble.seed, threads: samplingThreads(theory, nets, bags, width), widthSource: 'network.widths' }),
      );
      if (!doc) break; // the same reason would stop every width
      at(width).sampled = { source: 'sampled by the report', doc, ...couplingValues(ctx, theory, doc) };
    }
  }
  const widths = [...new Set([...byWidth.keys(), ...net.widths])].sort((a, b) => a - b);
  ctx.progress('exact correlators');
  for (const width of widths) {
    const s = byWidth.get(width)?.sampled;
    const th = s ? onPoints(theory, s.doc) : theory;
    const doc = await attempt(ctx, `Exact correlators at width ${width}`, notes, () => exactCorrelators(th, width));
    if (!doc) break;
    at(width).exact = { doc, ...couplingValues(ctx, th, doc) };
  }
  return { widths: [...byWidth.values()].sort((a, b) => a.width - b.width), notes, ownEnsemble };
}
