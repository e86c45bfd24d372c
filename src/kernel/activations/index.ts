import type { ActivationName } from '../../theory/index.js';
import type { Activation } from '../activation.js';
import { cos } from './cos.js';
import { erf } from './erf.js';
import { gauss } from './gauss.js';
import { linear } from './linear.js';
import { gelu, sigmoid, sin, softplus, tanh } from './quadrature-only.js';
import { relu } from './relu.js';

/** The activation table: adding an activation means adding one file and one entry here. */
export const ACTIVATION_TABLE: Record<ActivationName, Activation> = { gauss, relu, erf, cos, tanh, sigmoid, gelu, softplus, sin, linear };

export function activation(name: ActivationName): Activation {
  return ACTIVATION_TABLE[name];
}
