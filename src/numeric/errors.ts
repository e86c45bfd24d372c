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
