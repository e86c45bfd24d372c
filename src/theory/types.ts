import type { z } from 'zod';
import type {
  brgDataSchema,
  dataSchema,
  brgSchema,
  cosnetSchema,
  ensembleSchema,
  fieldTheorySchema,
  fixedPointsSchema,
  flowSchema,
  networkSchema,
  scanSchema,
} from './schema.js';

/** The types of a loaded theory: the schema's output with the defaults load.ts fills in. */

/** An input point: always an array of length d_in internally (a bare number in files for d_in = 1). */
export type Point = number[];

export type NetworkSpec = z.output<typeof networkSchema>;

/** dimension, components and regulator are filled in from the network (or the defaults without one). */
export type FieldTheorySpec = Required<z.output<typeof fieldTheorySchema>>;

/**
 * `width` is the one width of a run for all hidden layers (unset when the file gives different widths per layer);
 * `layerWidths` the file's list of per-layer widths, when it gives one (its length is network.depth).
 */
export type EnsembleSpec = Omit<z.output<typeof ensembleSchema>, 'points' | 'width'> & { points: Point[]; width?: number; layerWidths?: number[] };

export type FlowSpec = z.output<typeof flowSchema>;

/** The `data` section: GP regression data for `nnrg gp-rg`. */
export type DataSpec = z.output<typeof dataSchema>;

export type FixedPointsSpec = Omit<z.output<typeof fixedPointsSchema>, 'orders'> & { orders?: [number, number] };

export type BrgDataSpec = z.output<typeof brgDataSchema>;
export type BrgSpec = z.output<typeof brgSchema>;
export type CosnetSpec = z.output<typeof cosnetSchema>;

/** A validated theory file with every default filled in. */
export interface Theory {
  /** Path of the file it was read from (for messages). */
  file: string;
  name: string;
  network: NetworkSpec | null;
  field_theory: FieldTheorySpec;
  ensemble: EnsembleSpec;
  flow: FlowSpec;
  fixed_points: FixedPointsSpec;
  scan: z.output<typeof scanSchema>;
  /** GP-regression data (null without a `data` section). */
  data: DataSpec | null;
  /** Bayesian RG (nnrg brg): null when the file has no such section; its data sets are brg.data. */
  brg: BrgSpec | null;
  cosnet: CosnetSpec | null;
}
