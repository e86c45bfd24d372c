import type { Theory } from '../theory/index.js';
import type { DeriveOptions, Derivation } from './index.js';

/** The derivation options of a theory (its field_theory section; the network for NN-QFT theories). */
export function deriveOptions(theory: Theory): DeriveOptions {
  const ft = theory.field_theory;
  const opts: DeriveOptions = {
    scheme: ft.scheme, regulator: ft.regulator, expand: ft.expand,
    d: ft.dimension, N: ft.components, order: ft.truncation, dimensionless: !ft.dimensionful,
  };
  if (theory.network) opts.network = { activation: theory.network.activation, d_in: theory.network.d_in, d_out: theory.network.d_out };
  return opts;
}

export function derive(opts: DeriveOptions): Derivation {
  throw new Error(`derive not implemented yet (${opts.scheme})`);
}
