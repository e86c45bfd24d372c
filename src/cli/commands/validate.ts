import type { CliCommand } from '../command.js';
import { notBuilt } from './not-built.js';

export const validateCommand: CliCommand = notBuilt('validate', '<theory>', 'not built yet');
