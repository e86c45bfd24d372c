#!/bin/sh
# The measurements behind docs/sampler.md: C (gcc -O3 -march=native), numpy (1 thread), the WebAssembly
# kernel and the plain TypeScript loop, GaussNet, 6 points, widths 10, 100, 1000. Run from the repo root
# after `npm run build`. Each line is the best of 3 runs (the machine is shared).
set -e
gcc -O3 -march=native -o /tmp/nnrg-csampler bench/external/sampler.c -lm
for w in 10 100 1000; do
  n=$((2000000 / w))
  for i in 1 2 3; do /tmp/nnrg-csampler $w $n; done | sort -t: -k2 -n -r | head -1
  for i in 1 2 3; do /tmp/nnrg-csampler $w $n rec; done | sort -t: -k2 -n -r | head -1
  if [ $w -le 100 ]; then
    for i in 1 2 3; do OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 python3 bench/external/sampler_numpy.py $w $((n / 4)); done | sort -t: -k2 -n -r | head -1
  fi
  for i in 1 2 3; do node bench/external/wasm_rate.mjs $w $((n / 2)) direct; done | sort -t: -k2 -n -r | head -1
  for i in 1 2 3; do node bench/external/wasm_rate.mjs $w $((n / 2)); done | sort -t: -k2 -n -r | head -1
  node bench/external/wasm_rate.mjs $w $((n / 40)) typescript
done
