/**
 * regulated/: the Wetterich flow checked against regulated ensembles (docs/regulated.md). The ensemble on P input
 * points weighted by exp(-k^2 f.f/2): its exact vertices (P = 1), the sampled ones, the exact flow of the vertices
 * and its truncations at phi^4, phi^6, phi^8.
 */
export { vertices, scalarVertices, propagator, MAX_ORDER } from './vertices.js';
export { flowRhs, runFlow, VertexLayout, type FlowRun, type FlowStop } from './flow.js';
export { exactRegulated, irCumulants, irVertices, cumulantsFromMoments, type ExactRegulated, type ExactRegulatedPoint } from './exact.js';
export { multisetTable, type SymTensor, type Matrix } from './tensor.js';
export { sampleRegulated, type SampledRegulated, type SampleOptions } from './estimator.js';
export {
  regulated,
  defaultGrid,
  MAX_POINTS,
  ORDERS,
  type RegulatedDocument,
  type RegulatedOptions,
  type VertexEntry,
  type VertexSeries,
  type Verdict,
  type FlowStopRecord,
  type VertexOrder,
  type Direction,
} from './run.js';
export { regulatedChecks, separatedPoints, type RegulatedCheck, type RegulatedCheckOptions } from './checks.js';
