// Records rollup's platform packages for other systems in package-lock.json.
//
// Why: npm 11 `npm ci` insists that every optional dependency named in the lock's rollup entry has a
// lock entry of its own (npm/cli#4828, #9083), but this workplace's npm registry mirror serves only the
// linux-x64 builds, so `npm install` writes none for the others and `npm ci` then refuses the lock.
// npm skips packages whose os/cpu do not match the machine, so these entries are never fetched.
// Run after any `npm install` that rewrites the lock: `node scripts/complete-lock.mjs`.
import { readFileSync, writeFileSync } from 'node:fs';

const lock = JSON.parse(readFileSync('package-lock.json', 'utf8'));
const rollup = lock.packages['node_modules/rollup'];
if (!rollup) process.exit(0);
const platform = (name) => {
  const [os, cpu, abi] = name.replace('@rollup/rollup-', '').split('-');
  const cpus = { arm: 'arm', arm64: 'arm64', x64: 'x64', ia32: 'ia32', loong64: 'loong64', ppc64: 'ppc64', riscv64: 'riscv64', s390x: 's390x' };
  const entry = { os: [os === 'darwin' ? 'darwin' : os === 'win32' ? 'win32' : os], cpu: [cpus[cpu] ?? cpu] };
  if (os === 'linux' && (abi === 'gnu' || abi === 'gnueabihf')) entry.libc = ['glibc'];
  if (os === 'linux' && (abi === 'musl' || abi === 'musleabihf')) entry.libc = ['musl'];
  return entry;
};
let added = 0;
for (const [name, version] of Object.entries(rollup.optionalDependencies ?? {})) {
  const key = `node_modules/${name}`;
  if (lock.packages[key]) continue;
  const { os, cpu, libc } = platform(name);
  lock.packages[key] = { version, cpu, ...(rollup.dev ? { dev: true } : {}), license: 'MIT', ...(libc ? { libc } : {}), optional: true, os };
  added++;
}
const sorted = Object.fromEntries(Object.entries(lock.packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a < b ? -1 : a > b ? 1 : 0)));
lock.packages = sorted;
writeFileSync('package-lock.json', JSON.stringify(lock, null, 2) + '\n');
console.log(`complete-lock: added ${added} platform entries for rollup`);
