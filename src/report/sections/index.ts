import type { ReportSection } from '../context.js';
import { actionSection } from './action.js';
import { betasSection } from './betas.js';
import { brgSection } from './brg.js';
import { correlatorsSection } from './correlators.js';
import { fitsSection } from './fits.js';
import { fixedPointsSection } from './fixed-points.js';
import { gpRgSection } from './gp-rg.js';
import { flowsSection } from './flows.js';
import { kernelSection } from './kernel.js';
import { theorySection } from './theory.js';
import { validationSection } from './validation.js';

/** The report's sections in the order of the data's path: adding a section means one file and one entry here. */
export const SECTIONS: readonly ReportSection[] = [
  theorySection,
  kernelSection,
  actionSection,
  betasSection,
  fixedPointsSection,
  flowsSection,
  correlatorsSection,
  fitsSection,
  validationSection,
  gpRgSection,
  brgSection,
];
