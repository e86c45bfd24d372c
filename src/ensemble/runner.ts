// Kept light (no zod/yaml imports): worker threads load only this, the kernel and the TypeScript engine.
import { referenceBag } from './reference.js';
import { regulatedBag, type RegulatedBagSpec } from './regulated-bag.js';
import { WasmKernel, type KernelSpec, type RawBag } from './wasm-kernel.js';

export interface BagJob {
  spec: KernelSpec;
  seed: number;
  nets: number;
  /** 'typescript': the plain TypeScript loop of reference.ts (the benchmark's baseline). Default 'wasm'. */
  engine?: 'wasm' | 'typescript';
  /** The regulated estimator's bag (regulated-bag.ts) instead of sums of products: the kernel streams C per network. */
  regulated?: RegulatedBagSpec;
}

/** Runs bags of one job in this thread. */
export class BagRunner {
  private readonly kernel?: WasmKernel;
  constructor(private readonly job: BagJob) {
    if (job.engine !== 'typescript') {
      this.kernel = new WasmKernel();
      this.kernel.configure(job.spec);
    }
  }
  run(bag: number): RawBag {
    const { regulated, spec, seed, nets } = this.job;
    if (regulated) {
      if (!this.kernel) throw new Error('BagRunner: the regulated bag runs on the WebAssembly kernel only');
      return regulatedBag(this.kernel, regulated, spec.points.length, seed, bag, nets);
    }
    return this.kernel ? this.kernel.runBag(this.job.seed, bag, this.job.nets) : referenceBag(this.job.spec, this.job.seed, bag, this.job.nets);
  }
}
