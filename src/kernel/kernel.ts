import type { NetworkSpec, Point } from '../theory/index.js';
import { activation, type Formula } from '../activations/index.js';
import { fmt } from './format.js';
import { layerCovariances, type Matrix } from './gp.js';
import { momentumKernel, type MomentumKernel } from './momentum.js';
import { requireFinite } from '../numeric/index.js';

/** The infinite-width GP kernel of a network: values, matrices, and its formula. */
export interface Kernel {
  network: NetworkSpec;
  /** K(x, y). */
  value(x: Point, y: Point): number;
  /** [K(x_i, x_j)] on the points: symmetric positive semi-definite. */
  matrix(points: Point[]): Matrix;
  /** Position-space formula (symbolic, and with the theory's numbers where it has a closed form). */
  formula: Formula;
  /** Whether K(x,y) - sigma_b^2 depends on x - y only. */
  translationInvariant: boolean;
  /** Momentum-space form (depth-1 translation-invariant kernels), else null. */
  momentum: MomentumKernel | null;
  /** True when the values come from a closed form at every layer (else Gaussian quadrature). */
  closedForm: boolean;
}

export function networkKernel(net: NetworkSpec): Kernel {
  const act = activation(net.activation);
  const momentum = momentumKernel(net);
  return {
    network: net,
    value: (x, y) => layerCovariances(net, [x, y]).output[0]![1]!,
    matrix: (points) => {
      const K = layerCovariances(net, points).output;
      requireFinite(
        { K },
        `the kernel exceeds double precision at sigma_w = ${net.sigma_w}, sigma_b = ${net.sigma_b}, depth ${net.depth} (it grows like ` +
          `sigma_w^2 per layer, and like the points' |x|^2)`,
      );
      return K;
    },
    formula: kernelFormula(net),
    translationInvariant: act.gaussianAmplitude !== undefined,
    momentum,
    closedForm: act.pairExpectation !== undefined,
  };
}

function kernelFormula(net: NetworkSpec): Formula {
  const act = activation(net.activation);
  const sw2 = net.sigma_w ** 2;
  const sb2 = net.sigma_b ** 2;
  const uniform = act.hiddenBias === 'uniform-phase';
  const sigma1 = uniform
    ? { text: 'Sigma(x,y) = sigma_w^2*x.y/d_in', latex: '\\Sigma(x,y) = \\sigma_w^2\\, x\\cdot y/d_{\\mathrm{in}}' }
    : { text: 'Sigma(x,y) = sigma_b^2 + sigma_w^2*x.y/d_in', latex: '\\Sigma(x,y) = \\sigma_b^2 + \\sigma_w^2\\, x\\cdot y/d_{\\mathrm{in}}' };
  const pair = act.pairFormula ?? {
    text: `E[g(u)*g(v)], (u,v) ~ N(0, Sigma), g(z) = ${act.formula.text} (Gaussian quadrature)`,
    latex: `\\mathbb{E}_{(u,v)\\sim\\mathcal{N}(0,\\Sigma)}\\left[g(u)\\,g(v)\\right],\\; g(z) = ${act.formula.latex}`,
  };
  const bias = uniform ? ', b_0 ~ U[-pi, pi]' : '';
  const biasTex = uniform ? ',\\; b_0 \\sim \\mathcal{U}[-\\pi,\\pi]' : '';
  let text = `K(x,y) = sigma_b^2 + sigma_w^2*${pair.text}; ${sigma1.text}${bias}`;
  let latex = `K(x,y) = \\sigma_b^2 + \\sigma_w^2\\, ${pair.latex},\\quad ${sigma1.latex}${biasTex}`;
  if (net.depth > 1) {
    text +=
      `; depth ${net.depth}: Sigma_{l+1}(x,y) = ${uniform ? '' : 'sigma_b^2 + '}sigma_w^2*E[g g]_{Sigma_l}, K = sigma_b^2 + sigma_w^2*E[g ` +
      `g]_{Sigma_${net.depth}}`;
    latex +=
      `,\\quad \\Sigma_{\\ell+1} = ${uniform ? '' : '\\sigma_b^2 + '}\\sigma_w^2\\,\\mathbb{E}_{\\Sigma_\\ell}[g\\,g],\\; \\ell = ` +
      `1,\\dots,${net.depth - 1}`;
  }
  if (act.gaussianAmplitude !== undefined && net.depth === 1) {
    // With the theory's numbers: K = sigma_b^2 + A sigma_w^2 exp(-sigma_w^2 r^2 / (2 d_in)).
    const amp = act.gaussianAmplitude * sw2;
    const rate = sw2 / (2 * net.d_in);
    const r2 = net.d_in === 1 ? '(x-y)^2' : '|x-y|^2';
    const coef = amp === 1 ? '' : `${fmt(amp)}*`;
    const coefTex = amp === 1 ? '' : `${fmt(amp)}\\,`;
    text += `; here K(x,y) = ${fmt(sb2)} + ${coef}exp(-${fmt(rate)}*${r2})`;
    latex += `,\\qquad K(x,y) = ${fmt(sb2)} + ${coefTex}e^{-${fmt(rate)}\\,${r2}}`;
  } else if (net.depth === 1) {
    const b = uniform ? '' : `${fmt(sb2)} + `;
    const xy = net.d_in === 1 ? 'x*y' : 'x.y';
    text += `; here Sigma(x,y) = ${b}${fmt(sw2 / net.d_in)}*${xy}`;
    latex += `,\\qquad \\Sigma(x,y) = ${b}${fmt(sw2 / net.d_in)}\\, ${net.d_in === 1 ? 'x\\,y' : 'x\\cdot y'}`;
  }
  return { text, latex };
}
