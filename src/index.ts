/**
 * nnrg's public API (`import ... from 'nnrg'`): a curated list of each stage's exports, in the order of
 * the data's path. Everything else is internal and may change without notice. See docs/api.md.
 */

// The package version (from package.json).
export { version } from './version.js';

// Theories: load a YAML theory file or parse theory text; bad input throws InputError (file, key, line).
export { loadTheory, parseTheory, InputError, NORMALIZATIONS, ESTIMATORS, DEFAULT_POINTS } from './theory/index.js';
export type {
  Theory,
  DataSpec,
  NetworkSpec,
  FieldTheorySpec,
  EnsembleSpec,
  FlowSpec,
  FixedPointsSpec,
  Point,
  Override,
  Normalization,
  Estimator,
  BrgDataSpec,
  BrgSpec,
  CosnetSpec,
} from './theory/index.js';

// The catalogs: one record per activation, regulator and scheme (names, formulas, LaTeX, what each stage needs).
export { ACTIVATIONS, SAMPLED_ACTIVATIONS, activation } from './activations/index.js';
export type { Activation, ActivationName, SampledActivationName, Formula } from './activations/index.js';
export { REGULATORS, REGULATOR_NAMES } from './regulators/index.js';
export type { Regulator, RegulatorName } from './regulators/index.js';
export { SCHEMES, SCHEME_NAMES } from './schemes/index.js';
export type { Scheme, SchemeName } from './schemes/index.js';

// Numerical trouble (a diverging integral, an overflow, a solver that does not converge) throws NumericalError.
export { NumericalError } from './numeric/index.js';

// The infinite-width (GP) kernel of a network: values, matrices, formula, momentum-space form.
export { networkKernel } from './kernel/index.js';
export type { Kernel, MomentumKernel, Matrix } from './kernel/index.js';

// Correlator documents (what sample, mergeDocuments and exactCorrelators return) and Wick's theorem.
export { multisets, wick, PRECISION_TARGETS, TARGETS } from './correlators/index.js';
export type {
  CorrelatorDocument,
  SampledDocument,
  ExactDocument,
  CorrelatorEntry,
  CorrelatorOrder,
  CouplingEstimate,
  PrecisionTarget,
  EstimatorName,
} from './correlators/index.js';
export type { ConnectedEntry } from './correlators/index.js';

// Beta functions of truncated LPA flows (Wetterich, Polchinski), exact and compiled into a BetaSystem.
export { derive, deriveOptions } from './flow/index.js';
export type { DeriveOptions, Derivation, BetaSystem, FlowSetting } from './flow/index.js';

// Flows and fixed points of a BetaSystem, or of a theory as the CLI runs them.
export {
  integrateFlow,
  findFixedPoints,
  scanOrders,
  convergence,
  lpaFixedPointFull,
  flowOfTheory,
  fixedPointsOfTheory,
} from './solve/index.js';
export type {
  FlowOptions,
  FlowResult,
  FlowStopReason,
  FlowSystem,
  FixedPoint,
  SearchOptions,
  OrderResult,
  ConvergenceRow,
  Convergence,
  FullLpaOptions,
  FullLpaResult,
  FlowRequest,
  FlowReport,
  FixedPointsRequest,
  FixedPointsReport,
} from './solve/index.js';

// Finite-width ensembles sampled with the WebAssembly kernel on worker threads; exact merging of runs.
export { sample, sampleUntil, relativeErrors, targetEstimates, mergeDocuments, readSampleDocument } from './ensemble/index.js';
export type {
  SampleOptions,
  SampledEntry,
  OrderSummary,
  HeavyTail,
  SamplerMeta,
  PrecisionOptions,
  PrecisionResult,
  PrecisionState,
  TargetEstimate,
} from './ensemble/index.js';

// Exact finite-width correlators of one-hidden-layer networks (any d_out), deep networks at O(1/N), estimator variances and sampling plans.
export {
  exactCorrelators,
  estimatorVariance,
  estimatorVarianceDetail,
  plan as samplingPlan,
  targetPlan,
  targetVariances,
  MAX_VARIANCE_POINTS,
  leadingOrder,
  tensorCoefficients,
} from './exact/index.js';
export type {
  VarianceDetail,
  PlanRow,
  QuantityPlan,
  TargetVariance,
  LeadingOrder,
  LeadingOrderEntry,
  KurtosisByDepth,
  TensorCoefficients,
} from './exact/index.js';

// GP regression's Wilsonian RG: kernel spectra under an input measure, the ridge flow, eigenlearning, GP regression.
export { gpRg, sphereSpectrum, gaussianSpectrum, cosineKernel, ridgeFlow, solveKappa, integratedCumulants } from './spectrum/index.js';
export type { GpRgDocument, Spectrum, Shell, RidgeFlow, CosineKernel } from './spectrum/index.js';

// Couplings u4, u6 from correlators, power-law fits, and the checks of `nnrg validate`.
export { couplings, kkFactors, fitPowerLaw, runValidation } from './fit/index.js';
export type { CouplingOptions, PowerLawFit, Check, ValidationOptions } from './fit/index.js';

// Regulated ensembles (weight exp(-k^2 f.f/2)): exact and sampled vertices, truncated flows, verdicts (nnrg regulated).
export { regulated, exactRegulated, sampleRegulated, regulatedChecks } from './regulated/index.js';
export type { RegulatedDocument, RegulatedOptions, VertexEntry, Verdict } from './regulated/index.js';
export { withCouplings } from './fit/index.js';

// Bayesian RG: Fisher metric, exact last-layer posterior, information-shell coarse graining, cos-net = free scalar.
export { runBrg, shellPropagator } from './brg/index.js';
export type { BrgResult, BrgOptions, CosnetResult } from './brg/index.js';

// The equation report: one self-contained HTML page and a LaTeX document.
export { buildReport, buildReportDocument, renderHtml, renderTex, REPORT_SECTIONS, reportSections } from './report/index.js';
export type { Report, ReportOptions, ReportDocument, Section, Block, Inline } from './report/index.js';
