/** fit/: couplings u4, u6 from correlators; power-law fits; the validation checks of `nnrg validate`. */
export { couplings, kernelIntegrals, kkFactors, type Normalization, type CouplingOptions, type KernelIntegrals } from './couplings.js';
export { withCouplings } from './attach.js';
export { fitPowerLaw, studentT95, type PowerLawFit } from './powerlaw.js';
export { runValidation, type Check, type Sampler, type ValidationOptions } from './validate.js';
export { fitInverseWidth, type ScalingPoint } from './sampled-scaling.js';
