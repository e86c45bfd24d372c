import type { CliCommand } from '../command.js';
import { notBuilt } from './not-built.js';

export const exactCommand: CliCommand = notBuilt('exact', '<theory>', 'not built yet');
