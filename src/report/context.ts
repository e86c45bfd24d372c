import type { CorrelatorDocument, ExactDocument } from '../correlators/index.js';
import { InputError, type Theory } from '../theory/index.js';
import { plain, type Block } from './document.js';
import { NumericalError } from '../numeric/index.js';

/** What `buildReport` accepts besides the theory. */
export interface ReportOptions {
  /** Correlator files (`nnrg sample | merge | exact` JSON) to show instead of resampling. */
  samples?: string[];
  /** Ensemble size per bag and number of bags when the report samples itself (when the sampler exists). */
  nets?: number;
  bags?: number;
  /** Progress messages (the CLI prints them on stderr). */
  progress?: (message: string) => void;
  /** The generation time shown in the report (tests pass a fixed one). */
  now?: Date;
}

/** Shared by the sections: the theory, the options, the loaded sample documents, the problems met. */
export interface ReportContext {
  theory: Theory;
  options: ReportOptions;
  samples: { file: string; doc: CorrelatorDocument }[];
  progress: (message: string) => void;
  /** Every notice the report shows for a failed computation (the CLI repeats them on stderr). */
  problems: string[];
  /** The sampled and exact correlators at every width (computed once, on first use; none without a network). */
  correlatorData: () => Promise<CorrelatorData | undefined>;
}

/** One section of the report: every section has this shape and is listed once in sections/index.ts. */
export interface ReportSection {
  /** HTML id and LaTeX label. */
  id: string;
  title: string;
  /** Whether the section belongs in this theory's report (default: always). */
  shown?: (theory: Theory) => boolean;
  /** Appends the section's content to `blocks`. */
  build(ctx: ReportContext, blocks: Block[]): Promise<void> | void;
}

/**
 * Runs one stage computation for a section. Bad input or numerical trouble becomes a visible
 * warning/error notice with the stage's message: the report never fills the gap with made-up numbers.
 */
export async function attempt<T>(ctx: ReportContext, what: string, blocks: Block[], run: () => T | Promise<T>): Promise<T | undefined> {
  try {
    return await run();
  } catch (e) {
    const msg = (e as Error)?.message ?? String(e);
    const level = e instanceof InputError ? 'warning' : 'error';
    const kind = e instanceof NumericalError ? 'numerical trouble' : e instanceof InputError ? 'not applicable' : 'failed';
    blocks.push({ kind: 'notice', level, text: plain(`${what} (${kind}): ${msg}`) });
    ctx.problems.push(`${what}: ${kind}: ${msg}`);
    return undefined;
  }
}

export interface CouplingValue {
  mean: number;
  stderr: number;
}

/** Everything known at one width: the sampled document (a file or the report's own run) and the exact one. */
export interface WidthData {
  width: number;
  sampled?: { source: string; doc: CorrelatorDocument; u4?: CouplingValue; u6?: CouplingValue };
  exact?: { doc: ExactDocument; u4?: CouplingValue; u6?: CouplingValue };
}

export interface CorrelatorData {
  widths: WidthData[];
  /** Notices about how the data were obtained (shown at the top of the correlator section). */
  notes: Block[];
  /** True when the sampled data come from the report's own (small) ensemble. */
  ownEnsemble: boolean;
}
