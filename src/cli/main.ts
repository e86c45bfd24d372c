import { Command, CommanderError } from 'commander';
import { InputError } from '../theory/index.js';
import type { CliCommand } from './command.js';
import { kernelCommand } from './commands/kernel.js';
import { deriveCommand } from './commands/derive.js';
import { fixedPointsCommand } from './commands/fixed-points.js';
import { flowCommand } from './commands/flow.js';
import { sampleCommand } from './commands/sample.js';
import { mergeCommand } from './commands/merge.js';
import { exactCommand } from './commands/exact.js';
import { regulatedCommand } from './commands/regulated.js';
import { validateCommand } from './commands/validate.js';
import { brgCommand } from './commands/brg.js';
import { reportCommand } from './commands/report.js';
import { gpRgCommand } from './commands/gp-rg.js';
import { NumericalError } from '../numeric/index.js';
import { version } from '../version.js';

/** Every command, in the order of the data's path. */
export const COMMANDS: CliCommand[] = [
  kernelCommand,
  deriveCommand,
  fixedPointsCommand,
  flowCommand,
  sampleCommand,
  mergeCommand,
  exactCommand,
  regulatedCommand,
  validateCommand,
  gpRgCommand,
  brgCommand,
  reportCommand,
];

/** Runs the CLI; resolves to the exit code (0 ok, 1 a check or a computation failed, 2 bad input). */
export async function main(argv: string[]): Promise<number> {
  let code = 0;
  const program = new Command('nnrg')
    .description('Neural-network field theories and their renormalization group.')
    .version(version)
    .showHelpAfterError('(run nnrg <command> --help for its options)')
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });
  const setExit = async (run: () => Promise<number> | number) => {
    code = await run();
  };
  for (const c of COMMANDS) c.register(program, setExit);
  for (const sub of program.commands) sub.exitOverride();
  try {
    await program.parseAsync(argv);
  } catch (e) {
    return reportError(e);
  }
  return code;
}

function reportError(e: unknown): number {
  if (e instanceof CommanderError) {
    // --help and --version end through here with exit code 0.
    if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return 0;
    return 2; // commander has already printed the message (unknown option, missing argument, ...)
  }
  if (e instanceof InputError) {
    process.stderr.write(`nnrg: ${e.message}\n`);
    return 2;
  }
  if (e instanceof NumericalError) {
    process.stderr.write(`nnrg: numerical trouble: ${e.message}\n`);
    return 1;
  }
  const err = e as Error;
  process.stderr.write(`nnrg: internal error: ${err?.message ?? String(e)}\n`);
  if (process.env.NNRG_DEBUG) process.stderr.write(`${err?.stack ?? ''}\n`);
  else process.stderr.write('(set NNRG_DEBUG=1 for details; please report this)\n');
  return 70;
}
