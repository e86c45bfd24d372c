import type { CliCommand } from '../command.js';
import { notBuilt } from './not-built.js';

export const reportCommand: CliCommand = notBuilt('report', '<theory>', 'not built yet');
