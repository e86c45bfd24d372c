// Arrows only downstream: a folder under src/ imports only folders of a lower rank (docs/development.md
// draws the order), and no module imports itself back through a cycle. `npm run lint` checks both.
const RANKS = [
  ['numeric', 'symbolic'],
  ['activations', 'regulators', 'schemes'],
  ['theory'],
  ['kernel', 'correlators'],
  ['flow', 'ensemble', 'exact', 'spectrum'],
  ['solve', 'fit', 'brg', 'regulated'],
  ['report'],
  ['cli'],
];
const upstreamRules = RANKS.flatMap((folders, rank) => {
  const notBelow = RANKS.slice(rank).flat();
  return folders.map((folder) => ({
    name: `${folder}-imports-downstream`,
    comment: `src/${folder}/ may import only folders of a lower rank`,
    severity: 'error',
    from: { path: `^src/${folder}/` },
    to: { path: `^src/(${notBelow.filter((f) => f !== folder).join('|')})/` },
  }));
});

module.exports = {
  forbidden: [
    { name: 'no-circular', severity: 'error', from: {}, to: { circular: true } },
    {
      name: 'unknown-folder',
      comment: 'every folder under src/ has a rank in .dependency-cruiser.cjs',
      severity: 'error',
      from: { path: '^src/', pathNot: `^src/(${RANKS.flat().join('|')})/|^src/(index|version)\\.ts$` },
      to: {},
    },
    ...upstreamRules,
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^src/ensemble/wasm/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
  },
};
