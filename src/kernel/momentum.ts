import type { NetworkSpec } from '../theory/index.js';
import { activation, type Formula } from '../activations/index.js';
import { fmt } from './format.js';

/**
 * Momentum-space kernel of a translation-invariant depth-1 network, K_W = K - sigma_b^2 =
 * A sigma_w^2 exp(-sigma_w^2 r^2 / (2 d)), with the Fourier convention K(p) = int d^dx/(2 pi)^d e^{-ipx} K_W(x):
 * K(p) = A (sigma_w^2)^(1-d/2) (d/(2 pi))^(d/2) exp(-d p^2 / (2 sigma_w^2)).
 * IR: 1/K(p) = (1/K(0)) (1 + d p^2/(2 sigma_w^2) + ...) = Z0 (m0^2 + p^2 + ...), m0^2 = 2 sigma_w^2/d, Z0 = 1/(K(0) m0^2).
 */
export interface MomentumKernel extends Formula {
  /** K(p) at |p| = p. */
  value(p: number): number;
  m0sq: number;
  Z0: number;
  /** K(0) = A (sigma_w^2)^(1-d/2) (d/(2 pi))^(d/2). */
  K0: number;
}

export function momentumKernel(net: NetworkSpec): MomentumKernel | null {
  const amp = activation(net.activation).gaussianAmplitude;
  if (amp === undefined || net.depth !== 1) return null;
  const d = net.d_in;
  const sw2 = net.sigma_w * net.sigma_w;
  const K0 = amp * Math.pow(sw2, 1 - d / 2) * Math.pow(d / (2 * Math.PI), d / 2);
  const m0sq = (2 * sw2) / d;
  const Z0 = 1 / (K0 * m0sq);
  const a = amp === 1 ? '' : `${fmt(amp)}*`;
  const aTex = amp === 1 ? '' : amp === 0.5 ? '\\tfrac{1}{2}\\,' : `${fmt(amp)}\\,`;
  return {
    value: (p) => K0 * Math.exp((-d * p * p) / (2 * sw2)),
    m0sq,
    Z0,
    K0,
    text:
      `K(p) = ${a}(sigma_w^2)^(1-d/2)*(d/(2*pi))^(d/2)*exp(-d*p^2/(2*sigma_w^2)) = ${fmt(K0)}*exp(-${fmt(d / (2 * sw2))}*p^2) ~ Z0^-1/(m0^2 + ` +
      `p^2), m0^2 = 2*sigma_w^2/d = ${fmt(m0sq)}, Z0 = ${fmt(Z0)}`,
    latex:
      `K(p) = ${aTex}(\\sigma_w^2)^{1-d/2}\\left(\\frac{d}{2\\pi}\\right)^{d/2} e^{-\\frac{d\\,p^2}{2\\sigma_w^2}} = ${fmt(K0)}\\, ` +
      `e^{-${fmt(d / (2 * sw2))}\\,p^2} \\simeq \\frac{Z_0^{-1}}{m_0^2 + p^2},\\quad m_0^2 = \\frac{2\\sigma_w^2}{d} = ${fmt(m0sq)},\\; Z_0 = ${fmt(Z0)}`,
  };
}
