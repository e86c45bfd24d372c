import type { CliCommand } from '../command.js';
import { notBuilt } from './not-built.js';

export const mergeCommand: CliCommand = notBuilt('merge', '<theory>', 'not built yet');
