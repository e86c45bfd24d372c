import type { Command } from 'commander';

/**
 * One CLI command. `register` adds it (its arguments and options) to the program; the action
 * returns the exit code. Commands hold no physics: they call the stages' index.ts APIs.
 */
export interface CliCommand {
  name: string;
  register(program: Command, setExit: (run: () => Promise<number> | number) => Promise<void>): void;
}
