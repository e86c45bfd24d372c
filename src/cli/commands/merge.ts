import { documentText, identityOf, mergeDocuments, otherRun, readSampleDocument, samplerTheory } from '../../ensemble/index.js';
import { InputError } from '../../theory/index.js';
import type { SampledDocument } from '../../correlators/index.js';
import { describeDocument } from '../../ensemble/format.js';
import { withCouplings } from '../../fit/index.js';
import type { CliCommand } from '../command.js';
import { printJson, warn } from '../common.js';
import { claimOutputs, writeOutput } from '../outputs.js';

/** `nnrg merge <partial.json...> --out file.json`: combines shards/partial runs exactly from their per-bag sums. */
export const mergeCommand: CliCommand = {
  name: 'merge',
  register(program, setExit) {
    program
      .command('merge <partial...>')
      .description('combine partial sampler documents (nnrg sample --shard) into one, exactly')
      .requiredOption('--out <file.json>', 'where to write the merged document')
      .option('--force', 'write --out even if it holds a document of another ensemble or another file')
      .option('--json', 'print one JSON document')
      .action((files: string[], o: { out: string; json?: boolean; force?: boolean }) =>
        setExit(() => {
          const out = { file: o.out, option: '--out' };
          const release = claimOutputs([out], files);
          try {
            const docs = files.map((f) => readSampleDocument(f));
            const merged = mergeDocuments(docs, files);
            const other = o.force
              ? undefined
              : otherRun(
                  o.out,
                  identityOf(merged),
                  merged.bagStats.map((s) => s.bag),
                );
            if (other)
              throw new InputError(
                o.out,
                '',
                'no file, or a document of this ensemble, to write over',
                undefined,
                `${other}; choose another --out, or add --force to overwrite it`,
              );
            const doc = withCouplings(merged, samplerTheory(merged));
            writeOutput(out, documentText(doc));
            return finish(doc, o);
          } finally {
            release();
          }
        }),
      );
  },
};

function finish(doc: SampledDocument, o: { out: string; json?: boolean }): number {
  if (!doc.complete) warn(`the parts hold ${doc.bagsDone} of ${doc.bags} bags; the merged document is partial`);
  if (doc.heavyTail?.heavy) warn(doc.heavyTail.note);
  if (o.json) printJson(doc);
  else process.stdout.write(describeDocument(doc) + `written to ${o.out}\n`);
  return 0;
}
