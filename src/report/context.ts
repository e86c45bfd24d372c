import type { CorrelatorDocument } from '../correlators/index.js';
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
  /** Every notice the report shows for a failed or unavailable computation (the CLI repeats them on stderr). */
  problems: string[];
}

/**
 * Runs one stage computation for a section. A stage that is not built yet (its function throws
 * "not implemented") becomes an "unavailable" notice; bad input or numerical trouble becomes a visible
 * warning/error notice with the stage's message. The report never fills the gap with made-up numbers.
 */
export async function attempt<T>(ctx: ReportContext, what: string, blocks: Block[], run: () => T | Promise<T>): Promise<T | undefined> {
  try {
    return await run();
  } catch (e) {
    const msg = (e as Error)?.message ?? String(e);
    if (/not (yet )?implemented|not built/i.test(msg)) {
      blocks.push({ kind: 'notice', level: 'unavailable', text: `${what}: this stage of nnrg is not built yet.` });
      ctx.problems.push(`${what}: not available in this version`);
    } else {
      const level = e instanceof InputError ? 'warning' : 'error';
      const kind = e instanceof NumericalError ? 'numerical trouble' : e instanceof InputError ? 'not applicable' : 'failed';
      blocks.push({ kind: 'notice', level, text: plain(`${what} (${kind}): ${msg}`) });
      ctx.problems.push(`${what}: ${kind}: ${msg}`);
    }
    return undefined;
  }
}

/** A notice for a section whose stage has no API in this version. */
export function unavailable(ctx: ReportContext, what: string): Block {
  ctx.problems.push(`${what}: not available in this version`);
  return { kind: 'notice', level: 'unavailable', text: `${what}: this stage of nnrg is not built yet, so nothing is shown here.` };
}
