/** symbolic/: nnrg's exact algebra (BigInt rationals, sparse polynomials, truncated series) and printers. */
export { Q, factorial } from './rational.js';
export { Ring, Poly, type Term } from './poly.js';
export { Series } from './series.js';
export { printPoly, type PrintStyle, type SymbolStyle, type Printed } from './print.js';
