// Kept light (no zod/yaml imports): worker threads load only this, the kernel and the TypeScript engine.
import { referenceBag } from './reference.js';
import { WasmKernel, type KernelSpec, type RawBag } from './wasm-kernel.js';

export interface BagJob {
  spec: KernelSpec;
  seed: number;
  nets: number;
  /** 'typescript': the plain TypeScript loop of reference.ts (the benchmark's baseline). Default 'wasm'. */
  engine?: 'wasm' | 'typescript';
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
    return this.kernel ? this.kernel.runBag(this.job.seed, bag, this.job.nets) : referenceBag(this.job.spec, this.job.seed, bag, this.job.nets);
  }
}
