import type { CliCommand } from '../command.js';
import { notBuilt } from './not-built.js';

export const sampleCommand: CliCommand = notBuilt('sample', '<theory>', 'not built yet');
