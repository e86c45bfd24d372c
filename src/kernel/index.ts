export { networkKernel, type Kernel } from './kernel.js';
export { momentumKernel, type MomentumKernel } from './momentum.js';
export { layerCovariances, pairExpectation, type Matrix, type LayerCovariances } from './gp.js';
export { fmt } from './format.js';
