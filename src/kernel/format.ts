/** Short, exact-enough decimal for formulas: up to 12 significant digits, no trailing zeros. */
export function fmt(x: number): string {
  if (Number.isInteger(x)) return String(x);
  return String(Number(x.toPrecision(12)));
}
