/**
 * Bayesian RG of network ensembles (Howard, Klinger, Maiti, Stapleton, arXiv:2405.17538): the Fisher metric
 * of sampled networks on data, the exact posterior of their last layer, its information-shell coarse
 * graining, and the cos-net as a free scalar whose information shells are momentum shells. docs/brg.md.
 */
export { runBrg, runCosnet, type BrgResult, type BrgOptions, type CutoffRow, type FisherRow, type LimitRow } from './run.js';
export {
  cosnetNetwork,
  cosnetResult,
  massFromPropagator,
  defaultMomenta,
  type CosnetResult,
  type CosnetPoint,
  type CosnetShell,
  type MassRow,
} from './cosnet.js';
export { networkPosterior, eigenDirections, type NetworkPosterior, type PointValues } from './posterior.js';
export { networkModel, cosnetModel, cosnetAmplitude2, coarsePairExpectation, type FeatureModel, type SampledNet } from './models.js';
export { dataSet, drawPoint, gaussianDraw, stream, type DataSet } from './data.js';
export { shellPropagator, angularAverage, sphereArea, ballVolume, type PropagatorValue } from './propagator.js';
export { clustered, meanStderr, weightedSlope } from './stats.js';
export type { Estimate, Measurement, FisherKind, BrgScheme } from './types.js';
