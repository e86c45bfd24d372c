import type { CliCommand } from '../command.js';
import { notBuilt } from './not-built.js';

export const deriveCommand: CliCommand = notBuilt('derive', '<theory>', 'not built yet');
