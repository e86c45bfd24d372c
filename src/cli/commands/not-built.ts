import { InputError } from '../../theory/index.js';
import type { CliCommand } from '../command.js';

/** A command of DESIGN.md whose stage is not built yet: listed in --help, exits 2 with a clear message. */
export function notBuilt(name: string, args: string, summary: string): CliCommand {
  return {
    name,
    register(program, setExit) {
      program
        .command(`${name} ${args}`)
        .description(`(${summary})`)
        .allowUnknownOption()
        .action(() => setExit(() => {
          throw new InputError('command line', name, 'a command that is built; this one is not built yet in this version of nnrg');
        }));
    },
  };
}
