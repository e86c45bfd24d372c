// The package version, read from package.json at run time so that it has one source. The file sits one
// directory above this module both in src/ (tests, tsx) and in dist/ (the build, the installed package).
import { readFileSync } from 'node:fs';

export const version: string = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;
