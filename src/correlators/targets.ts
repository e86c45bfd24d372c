/**
 * What a sampling plan (`nnrg exact --plan`) or a precision run (`nnrg sample --precision`) aims at: the
 * finite-width quantities whose relative standard error on the worst multiset is to reach a target.
 * One record per quantity; the CLI's choices and the plan's rows are read from it.
 */
export const PRECISION_TARGETS = ['delta4', 'kappa4', 'delta6', 'kappa6', 'u4'] as const;
export type PrecisionTarget = (typeof PRECISION_TARGETS)[number];

export interface TargetInfo {
  /** The correlator order whose multisets the target lives on. */
  order: 4 | 6;
  /** As printed. */
  label: string;
  description: string;
}

export const TARGETS: Record<PrecisionTarget, TargetInfo> = {
  delta4: { order: 4, label: 'Delta G4', description: 'G4 - Wick(K): the finite-width part of the 4-point function' },
  kappa4: { order: 4, label: 'kappa4', description: 'the connected 4-point function (= Delta G4 at one hidden layer, where G2 = K)' },
  delta6: { order: 6, label: 'Delta G6', description: 'G6 - Wick(K) = kappa6 + sum over the 15 (4,2) splits of kappa4 K' },
  kappa6: { order: 6, label: 'kappa6', description: 'the connected 6-point function' },
  u4: { order: 4, label: 'u4', description: 'u4 = -Delta G4 / I4 per multiset (I4 is exact, so its relative error is that of Delta G4)' },
};

export { ESTIMATORS, type Estimator as EstimatorName } from '../theory/index.js';
