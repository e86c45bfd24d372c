import type { CliCommand } from '../command.js';
import { notBuilt } from './not-built.js';

export const flowCommand: CliCommand = notBuilt('flow', '<theory>', 'not built yet');
