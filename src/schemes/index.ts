/** schemes/: the catalog of exact RG equations in the LPA (the derivation that uses them is in flow/). */
import { polchinski } from './polchinski.js';
import type { Scheme } from './types.js';
import { wetterich } from './wetterich.js';
export type { Scheme, SchemeContext, SchemeRhs } from './types.js';

/** In the order help texts and messages list them: adding a scheme is one file plus one entry here. */
const TABLE = { wetterich, polchinski };

export type SchemeName = keyof typeof TABLE;

/** The scheme table; its type checks that every key is its record's name. */
export const SCHEMES: { readonly [N in SchemeName]: Scheme<N> } = TABLE;

/** The names, for zod enums and help texts. */
export const SCHEME_NAMES = Object.keys(SCHEMES) as [SchemeName, ...SchemeName[]];
