/**
 * The activation catalog: one record per activation (./activation.ts says what a record holds), one file
 * each. Adding an activation: its file, and its entry in ACTIVATION_RECORDS below.
 */
import type { Activation, SamplerView } from './activation.js';
import { cos } from './cos.js';
import { erf } from './erf.js';
import { gauss } from './gauss.js';
import { gelu } from './gelu.js';
import { linear } from './linear.js';
import { relu } from './relu.js';
import { sigmoid } from './sigmoid.js';
import { sin } from './sin.js';
import { softplus } from './softplus.js';
import { tanh } from './tanh.js';

export { defineActivation, uniformPhase, type Activation, type ClosedFormMoments, type Formula, type HiddenBias, type SamplerView } from './activation.js';

/** Every activation, in the order the theory schema lists them. */
export const ACTIVATION_RECORDS = [gauss, relu, erf, cos, tanh, sigmoid, gelu, softplus, sin, linear] as const;

type ActivationRecord = (typeof ACTIVATION_RECORDS)[number];
export type ActivationName = ActivationRecord['name'];
/** The activations the WebAssembly sampler evaluates (those whose record has a sampler view). */
export type SampledActivationName = Extract<ActivationRecord, { sampler: SamplerView }>['name'];

export const ACTIVATIONS: readonly ActivationName[] = ACTIVATION_RECORDS.map((a) => a.name);
export const SAMPLED_ACTIVATIONS: readonly SampledActivationName[] = ACTIVATION_RECORDS.flatMap((a) => (a.sampler ? [a.name] : []));

const table = new Map<string, Activation>(ACTIVATION_RECORDS.map((a) => [a.name, a]));

export function activation(name: ActivationName): Activation {
  return table.get(name)!;
}

export function isSampled(name: ActivationName): name is SampledActivationName {
  return activation(name).sampler !== null;
}

/** The sampler's view of a sampled activation. */
export function samplerView(name: SampledActivationName): SamplerView {
  const s = activation(name).sampler;
  if (!s) throw new Error(`activation ${name} has no sampler view`); // excluded by the type
  return s;
}
