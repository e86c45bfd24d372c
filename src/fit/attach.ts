import type { CorrelatorDocument, ExactDocument, SampledDocument } from '../correlators/index.js';
import { SAMPLED_ACTIVATIONS, activation } from '../activations/index.js';
import { networkKernel } from '../kernel/index.js';
import { InputError, type Theory } from '../theory/index.js';
import { couplings } from './couplings.js';

/**
 * The document with the couplings u4, u6 attached: how `nnrg sample | merge | exact` finish the
 * documents of ensemble/ and exact/ (stages upstream of fit/). `theory` is the one the document was
 * made from (for a merge, ensemble's samplerTheory of the merged document).
 */
export function withCouplings(doc: SampledDocument, theory: Theory): SampledDocument;
export function withCouplings(doc: ExactDocument, theory: Theory): ExactDocument;
export function withCouplings(doc: CorrelatorDocument, theory: Theory): CorrelatorDocument {
  if (doc.kind === 'exact') return { ...doc, couplings: couplings(doc, theory, theory.ensemble.normalization, { cutoff: theory.ensemble.cutoff }) };
  return sampledWithCouplings(doc, theory);
}

/**
 * A sampled document gets the couplings in its sampler's normalization, or else a warning in
 * `couplingsError` when the fit cannot do them for this network.
 */
function sampledWithCouplings(doc: SampledDocument, theory: Theory): SampledDocument {
  if (doc.bagsDone < 2) return doc;
  if (!networkKernel(theory.network!).translationInvariant) {
    // The fit's kernel integrals are box quadratures here (seconds to minutes): left to nnrg exact/fit.
    const gaussian = SAMPLED_ACTIVATIONS.filter((name) => activation(name).gaussianAmplitude !== undefined).join(', ');
    const why = `computed by the sampler only for Gaussian kernels (${gaussian}); the others need box quadratures (the fit stage, src/fit)`;
    return { ...doc, couplingsError: why };
  }
  try {
    const c = couplings(doc, theory, doc.sampler.normalization);
    return { ...doc, couplings: { normalization: c.normalization, u4: c.u4, u6: c.u6 } };
  } catch (e) {
    if (e instanceof InputError) throw e; // e.g. kk normalization of a non-Gaussian kernel
    return { ...doc, couplingsError: (e as Error).message };
  }
}
