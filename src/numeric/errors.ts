/**
 * Numerical trouble that is not the user's input: a flow hitting a pole, a Newton search that
 * does not converge, a truncation that does not converge with order. Exit code 1 from the CLI.
 */
export class NumericalError extends Error {
  constructor(
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'NumericalError';
  }
}

/** The path (`a.b[2]`) of the first NaN or infinite number in `value` (objects, arrays, typed arrays), else undefined. */
export function nonFinitePath(value: unknown, path = ''): string | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? undefined : path;
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) value = Array.from(value as unknown as ArrayLike<number>);
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const p = nonFinitePath(value[i], `${path}[${i}]`);
      if (p !== undefined) return p;
    }
    return undefined;
  }
  if (typeof value === 'object' && value !== null) {
    for (const [k, v] of Object.entries(value)) {
      const p = nonFinitePath(v, path ? `${path}.${k}` : k);
      if (p !== undefined) return p;
    }
  }
  return undefined;
}

/**
 * Results must be finite: a NaN or an infinity among `values` (named by their keys) is numerical trouble
 * (exit 1), reported with the quantity's path, its value and `why` (what overflowed, and what to change).
 */
export function requireFinite(values: Record<string, unknown>, why: string): void {
  const path = nonFinitePath(values);
  if (path === undefined) return;
  const v = path.split(/\.|(?=\[)/).reduce<unknown>((o, k) => (o as Record<string, unknown>)[k.replace(/^\[(\d+)\]$/, '$1')], values);
  throw new NumericalError(`${path} is ${String(v)}: ${why}`);
}
