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
