import type { CliCommand } from '../command.js';
import { notBuilt } from './not-built.js';

export const fixedPointsCommand: CliCommand = notBuilt('fixed-points', '<theory>', 'not built yet');
