/**
 * Bad input (theory file, option, value). The CLI prints `message` and exits 2, never a stack trace.
 * `where` is the file path (or "command line"), `key` the dotted theory key or option name.
 */
export class InputError extends Error {
  constructor(
    readonly where: string,
    readonly key: string,
    readonly expected: string,
    readonly line?: number,
    readonly got?: string,
  ) {
    const loc = line !== undefined ? `${where}:${line}` : where;
    const k = key ? ` ${key}:` : '';
    super(`${loc}:${k} expected ${expected}${got !== undefined ? `, got ${got}` : ''}`);
    this.name = 'InputError';
  }
}

/**
 * Numerical trouble that is not the user's input: a flow hitting a pole, a Newton search that
 * does not converge, a truncation that does not converge with order. Exit code 1 from the CLI.
 */
export class NumericalError extends Error {
  constructor(message: string, readonly details?: Record<string, unknown>) {
    super(message);
    this.name = 'NumericalError';
  }
}
