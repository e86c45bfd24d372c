/**
 * spectrum/: kernel spectra under an input measure (Funk–Hecke on the sphere, Mehler for the Gaussian
 * measure), the Wilsonian ridge flow of GP regression, eigenlearning's predictions, and GP regression on
 * sampled data sets to check them (docs/gp-rg.md).
 */
export { cosineKernel, dotProductKernel, type CosineKernel } from './cosine.js';
export { gegenbauer, gegenbauerAll, multiplicity } from './gegenbauer.js';
export { funkHecke, sphereSpectrum } from './sphere.js';
export { gaussianSpectrum, hermiteModes, type HermiteModes } from './gaussian.js';
export {
  ridgeFlow,
  solveKappa,
  flowLearnabilities,
  eigenLearnabilities,
  bareLearnabilities,
  testError,
  invariance,
  type FlowStep,
  type RidgeFlow,
  type Learnabilities,
  type InvarianceRow,
} from './flow.js';
export {
  runRegression,
  sphereProblem,
  gaussianProblem,
  problemFor,
  estimate,
  type Problem,
  type RegressionSetup,
  type RegressionResult,
  type Estimate,
} from './regression.js';
export { integratedCumulants, type IntegratedCumulants } from './non-gaussian.js';
export { gpRg, checkData, type GpRgDocument, type GpRgOptions, type LearnabilityRow, type NonGaussianSummary, type RegressionSummary } from './run.js';
export { capturedUpTo, type Measure, type Shell, type Spectrum } from './types.js';
