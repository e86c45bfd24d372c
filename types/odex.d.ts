// odex 2.0.4 ships TypeScript sources that fail strict checking and no .d.ts: the API nnrg uses.
declare module 'odex' {
  export type Derivative = (x: number, y: number[]) => number[];
  export type OutputFunction = (
    nr: number, xold: number, x: number, y: number[], dense?: (c: number, x: number) => number,
  ) => boolean | void;
  export enum Outcome { Converged = 0, MaxStepsExceeded = 1, EarlyReturn = 2 }
  export class Solver {
    constructor(n: number);
    n: number; uRound: number; maxSteps: number; initialStepSize: number; maxStepSize: number;
    maxExtrapolationColumns: number; stepSizeSequence: number; stabilityCheckCount: number;
    stabilityCheckTableLines: number; denseOutput: boolean; denseOutputErrorEstimator: boolean;
    denseComponents: number[] | undefined; interpolationFormulaDegree: number;
    stepSizeReductionFactor: number; stepSizeFac1: number; stepSizeFac2: number; stepSizeFac3: number;
    stepSizeFac4: number; stepSafetyFactor1: number; stepSafetyFactor2: number;
    relativeTolerance: number | number[]; absoluteTolerance: number | number[]; debug: boolean;
    grid(dt: number, out: (x: number, y: number[]) => boolean | void): OutputFunction;
    solve(f: Derivative, x: number, y0: number[], xEnd: number, solOut?: OutputFunction): {
      y: number[]; outcome: Outcome; nStep: number; xEnd: number; nAccept: number; nReject: number; nEval: number;
    };
  }
}
