import { polchinskiRhs } from './polchinski.js';
import type { SchemeRhs } from './types.js';
import { wetterichRhs } from './wetterich.js';
export type { SchemeContext, SchemeRhs } from './types.js';

/** The scheme table: adding a scheme is one file plus one line here. */
export const SCHEMES: Record<'wetterich' | 'polchinski', SchemeRhs> = { wetterich: wetterichRhs, polchinski: polchinskiRhs };
