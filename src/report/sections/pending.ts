import type { Section } from '../document.js';
import type { ReportContext } from '../context.js';
import { unavailable } from '../context.js';

/** Sections whose stage has no API in this version: present, titled, and saying so. */
export function fixedPointsSection(ctx: ReportContext): Section {
  return { id: 'fixed-points', title: 'Fixed points and critical exponents', blocks: [unavailable(ctx, 'Fixed points and the exponent-convergence table (nnrg fixed-points)')] };
}

export function flowsSection(ctx: ReportContext): Section {
  return { id: 'flows', title: 'Flows', blocks: [unavailable(ctx, 'Integrated RG flows (nnrg flow)')] };
}

export function validationSection(ctx: ReportContext): Section {
  return { id: 'validation', title: 'Validation', blocks: [unavailable(ctx, 'Validation verdicts (nnrg validate)')] };
}
