export { integrateFlow, initialCouplings, type FlowOptions, type FlowResult, type FlowStopReason, type FlowSystem } from './flow.js';
export { newton, type NewtonOptions, type NewtonResult } from './newton.js';
export {
  findRoots,
  findFixedPoints,
  scanOrders,
  convergence,
  type FixedPoint,
  type SearchOptions,
  type OrderResult,
  type ConvergenceRow,
  type Convergence,
} from './fixed-points.js';
export { lpaFixedPointFull, fixedPointSeries, type FullLpaOptions, type FullLpaResult } from './lpa-full.js';
export { fixedPointsOfTheory, flowOfTheory, type FixedPointsRequest, type FixedPointsReport, type FlowRequest, type FlowReport } from './run.js';
