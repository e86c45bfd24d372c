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
    .exitOverride()
    // commander's own errors are printed by reportError, as one line (subcommands inherit this)
    .configureOutput({ writeErr: (s) => process.stderr.write(s), outputError: () => {} });
  const setExit = async (run: () => Promise<number> | number) => {
    code = await run();
  };
  for (const c of COMMANDS) c.register(program, setExit);
  for (const sub of program.commands) sub.exitOverride();
  try {
    await program.parseAsync(argv);
  } catch (e) {
    return reportError(e, argv);
  }
  return code;
}

/**
 * Commander's message (unknown option, missing argument, "did you mean", excess arguments) as one
 * line with the help to read: `nnrg: unknown option '--pionts'; did you mean --points? (see nnrg kernel --help)`.
 */
export function commanderLine(e: CommanderError, argv: string[]): string {
  const [first = '', ...rest] = e.message
    .replace(/^error: /, '')
    .split('\n')
    .map((l) => l.trim().replace(/^\((.*)\)$/, '$1'))
    .filter((l) => l !== '');
  const more = rest.map((l) => l.charAt(0).toLowerCase() + l.slice(1));
  const command = argv.slice(2).find((a) => COMMANDS.some((c) => c.name === a));
  const head = first.replace(/\.$/, '').replace(/\.\s+([A-Z])/g, (_, c: string) => `; ${c.toLowerCase()}`);
  return `nnrg: ${[head, ...more].join('; ')} (see nnrg ${command ? `${command} ` : ''}--help)`;
}

function reportError(e: unknown, argv: string[]): number {
  if (e instanceof CommanderError) {
    // --help and --version end through here with exit code 0.
    if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return 0;
    process.stderr.write(`${commanderLine(e, argv)}\n`);
    return 2;
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
