// The numerical leaf every stage may use: quadrature, special functions, linear algebra, the ODE
// integrator and the error class for numerical trouble. It imports nothing from nnrg.
export { NumericalError, nonFinitePath, requireFinite } from './errors.js';
export { gaussHermite, gaussLegendre, gaussianPanels, normalRule, type Rule } from './quadrature.js';
export { erf, erfc } from './special.js';
export { eigenvalues, exponents, solveLinear, hqr, symmetricEigen, choleskyInPlace, choleskySolve, type Eigenvalue } from './linalg.js';
export { symmetricEigenQL } from './symmetric.js';
export { integrate, type OdeOptions, type OdeResult, type StopEvent, type Rhs } from './ode.js';
export { Stream } from './random.js';
