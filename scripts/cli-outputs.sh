#!/usr/bin/env bash
# Runs the CLI on every bundled theory and writes each command's stdout (and exit code) to DIR, so a
# refactor can be checked byte for byte: `scripts/cli-outputs.sh /tmp/before`, change things,
# `scripts/cli-outputs.sh /tmp/after && diff -r /tmp/before /tmp/after`. Timestamps are blanked.
set -uo pipefail
out=${1:?usage: scripts/cli-outputs.sh DIR}
cd "$(dirname "$0")/.."
mkdir -p "$out"
nnrg() { node bin/nnrg.js "$@"; }
run() { # run NAME ARGS...: stdout to NAME.out, exit code appended
  local name=$1; shift
  { nnrg "$@" 2>/dev/null; echo "exit $?"; } | sed -E -e 's/"(generated|created|started|finished|date|time|seconds|elapsed)": *[^,}]*/"\1": "-"/g' -e 's/^[0-9.]+ (s|ms)$/<time>/' > "$out/$name.out"
}
for t in theories/*.yaml; do
  b=$(basename "$t" .yaml)
  run "$b.kernel" kernel "$t"; run "$b.kernel.json" kernel "$t" --json
  for s in wetterich polchinski; do for r in litim exponential kernel; do
    run "$b.derive.$s.$r" derive "$t" --scheme "$s" --regulator "$r" --order 6 --format json
  done; done
  run "$b.derive.latex" derive "$t" --format latex; run "$b.derive.text" derive "$t"
  run "$b.derive.min" derive "$t" --expand minimum --order 8 --format json
  run "$b.fixed-points" fixed-points "$t" --json; run "$b.fixed-points.txt" fixed-points "$t"
  run "$b.flow" flow "$t" --json; run "$b.flow.txt" flow "$t"
  run "$b.exact" exact "$t" --width 10 --json; run "$b.exact.txt" exact "$t" --width 10
  run "$b.regulated" regulated "$t" --no-sampling --json; run "$b.regulated.txt" regulated "$t" --no-sampling
  run "$b.regulated.sampled" regulated "$t" --nets 1000 --bags 4 --json
  run "$b.validate" validate "$t" --json
  run "$b.sample" sample "$t" --width 10 --nets 2000 --bags 4 --json
  run "$b.sample.txt" sample "$t" --width 10 --nets 2000 --bags 4
  run "$b.brg" brg "$t" --json
  run "$b.gp-rg" gp-rg "$t" --json
done
run ising.full fixed-points theories/ising3d.yaml --method full --json
run gauss.active flow theories/gaussnet.yaml --active --json
printf 'name: zero-d\nfield_theory: {dimension: 0, regulator: mass, truncation: 8}\n' > "$out/zero-d.yaml"
run zero-d.derive derive "$out/zero-d.yaml" --dimensionful
run help --help
for c in kernel derive fixed-points flow sample merge exact regulated validate gp-rg brg report; do run "help.$c" "$c" --help; done
