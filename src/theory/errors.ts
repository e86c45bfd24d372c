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

/** "a, b or c": a list of allowed names in a message or a help text. */
export function alternatives(names: readonly string[]): string {
  return names.length < 2 ? names.join('') : `${names.slice(0, -1).join(', ')} or ${names[names.length - 1]}`;
}
