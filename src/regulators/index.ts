/** regulators/: the catalog of Wetterich regulators (their threshold functions are evaluated in flow/). */
import { exponential } from './exponential.js';
import { kernel } from './kernel.js';
import { litim } from './litim.js';
import { mass } from './mass.js';
import type { Regulator } from './types.js';
export type { Regulator } from './types.js';

/** In the order help texts and messages list them: adding a regulator is one file plus one entry here. */
const TABLE = { litim, exponential, kernel, mass };

export type RegulatorName = keyof typeof TABLE;

/** The regulator table; its type checks that every key is its record's name. */
export const REGULATORS: { readonly [N in RegulatorName]: Regulator<N> } = TABLE;

/** The names, for zod enums and help texts. */
export const REGULATOR_NAMES = Object.keys(REGULATORS) as [RegulatorName, ...RegulatorName[]];
