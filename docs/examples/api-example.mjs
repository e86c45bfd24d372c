// nnrg as a library (docs/api.md). Run it with `node api-example.mjs` where nnrg is installed.
import { fileURLToPath } from 'node:url';
import { deriveOptions, derive, exactCorrelators, findFixedPoints, integrateFlow, loadTheory, networkKernel, parseTheory, sample, version } from 'nnrg';

const num = (x) => x.toPrecision(12);
console.log(`nnrg ${version}`);

// A bundled theory: GaussNet (one hidden layer, gauss activation, sigma_w = sigma_b = 1, six points).
const gaussnet = loadTheory(fileURLToPath(import.meta.resolve('nnrg/theories/gaussnet.yaml')));
const kernel = networkKernel(gaussnet.network);
console.log(`\nGP kernel: K(0.3, -0.2) = ${num(kernel.value([0.3], [-0.2]))}`);

// A theory built in code: phi^4 in d = 3, Wetterich flow with the Litim regulator, expanded around phi = 0.
const phi4 = parseTheory(
  'name: phi^4 in d = 3\nfield_theory: { dimension: 3, components: 1, truncation: 4, scheme: wetterich, regulator: litim, expand: zero }',
  'phi4 (built in code)',
);
const { couplings, betas, system } = derive(deriveOptions(phi4));
console.log('\nBeta functions (d, N symbolic):');
for (const c of couplings) console.log(`  d_t ${c} = ${betas[c].text}`);
const g0 = [-0.05, 5];
console.log(`beta(m2 = ${g0[0]}, u4 = ${g0[1]}) = ${system.beta(g0).map(num).join(', ')}`);

const wf = findFixedPoints(system).find((fp) => fp.name === 'Wilson-Fisher');
console.log(`Wilson-Fisher fixed point: m2 = ${num(wf.couplings.m2)}, u4 = ${num(wf.couplings.u4)}, nu = ${num(wf.nu)}`);

// The flow from g0 towards the infrared (t = ln k from 0 to -1).
const flow = integrateFlow(system, g0, { from: 0, to: -1, rtol: 1e-10, atol: 1e-12 });
const end = flow.g.at(-1);
console.log(`flow to t = ${flow.t.at(-1)} (${flow.stop.reason}): m2 = ${num(end[0])}, u4 = ${num(end[1])}`);

// An ensemble of 4 x 4000 GaussNets of width 10 (WebAssembly on worker threads; the seed fixes every number),
// and the exact correlators at the same width.
const sampled = await sample(gaussnet, { width: 10, nets: 4000, bags: 4, seed: 1 });
const exact = exactCorrelators(gaussnet, 10);
console.log(`\nG2 on the points ${exact.points.join(', ')} at width 10 (sampled +- stderr | exact | GP):`);
for (let k = 0; k < 3; k++) {
  const s = sampled.correlators['2'][k];
  const e = exact.correlators['2'][k];
  console.log(`  G2${JSON.stringify(e.idx)}: ${num(s.value)} +- ${s.stderr.toPrecision(3)} | ${num(e.value)} | ${num(e.gp)}`);
}
const e4 = exact.correlators['4'][0];
console.log(`G4${JSON.stringify(e4.idx)} exact: ${num(e4.value)}, GP (Wick) ${num(e4.gp)}, finite-width m = ${num(e4.m)}`);
