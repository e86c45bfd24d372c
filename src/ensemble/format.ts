import type { SampledDocument } from '../correlators/index.js';

/** A short human-readable account of a sampler document (the CLI's non-JSON output). */
export function describeDocument(doc: SampledDocument): string {
  const out: string[] = [];
  const s = doc.sampler;
  out.push(
    `${doc.theory}: ${s.activation} network, ${s.depth > 1 ? `depth ${s.depth}, hidden widths ${(s.widths ?? []).join(', ')}` : `width N = ${doc.width}`} (from ${doc.widthSource}), d_in = ${s.d_in}, sigma_w = ${s.sigma_w}, sigma_b = ${s.sigma_b}`,
  );
  out.push(
    `${doc.bagsDone} of ${doc.bags} bags x ${doc.nets} networks, seed ${doc.seed}, ${s.estimator} estimator${doc.complete ? '' : ' (partial)'}${s.d_out > 1 ? `; d_out = ${s.d_out} outputs sharing the hidden layers (entries over (point, component) pairs)` : ''}`,
  );
  out.push('');
  out.push('order  entries   mean m              background   max |value-gp|/stderr');
  for (const key of ['2', '4', '6'] as const) {
    const m = doc.summary[key];
    out.push(
      `${key.padStart(5)}  ${String(doc.correlators[key].length).padStart(7)}   ${fmt(m.meanM)} +- ${fmt(m.meanMStderr)}   ` +
        `${fmt(m.background)}   ${Number.isFinite(m.maxSignificance) ? m.maxSignificance.toFixed(2) : UNDEFINED}`,
    );
  }
  out.push('');
  out.push(`G(2) on the diagonal against the GP kernel (${s.depth > 1 ? 'G(2) = K + O(1/N) at depth >= 2' : 'G(2) = K for every N'}):`);
  for (const e of doc.correlators['2'].filter((e) => e.idx[0] === e.idx[1] && (e.components ?? [0, 0]).every((a) => a === 0))) {
    out.push(`  x${e.idx[0]}: ${e.value.toPrecision(6)} +- ${Number.isFinite(e.stderr) ? e.stderr.toPrecision(2) : UNDEFINED}   K = ${e.gp.toPrecision(6)}`);
  }
  const c = doc.couplings;
  if (c) {
    out.push(
      '',
      `couplings (${c.normalization} normalization, mean over multisets): u4 = ${value(c.u4.mean, 4)} +- ${value(c.u4.stderr, 2)}, u6 = ` +
        `${value(c.u6.mean, 4)} +- ${value(c.u6.stderr, 2)}`,
    );
  } else if (typeof doc.couplingsError === 'string') out.push('', `couplings: not available (${doc.couplingsError})`);
  if (doc.heavyTail) out.push('', doc.heavyTail.note);
  return out.join('\n') + '\n';
}

const value = (x: number, digits: number) => (Number.isFinite(x) ? x.toPrecision(digits) : UNDEFINED);

/** How a statistic that is undefined here prints (NaN: e.g. m where gp = 0; an infinite significance where stderr = 0). */
export const UNDEFINED = '—';

function fmt(x: number): string {
  if (!Number.isFinite(x)) return UNDEFINED.padStart(10);
  return (x >= 0 ? ' ' : '') + x.toExponential(3);
}
