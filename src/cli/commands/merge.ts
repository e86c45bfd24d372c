import { checkWritable, mergeDocuments, readSampleDocument, samplerTheory, writeAtomic, documentText } from '../../ensemble/index.js';
import { describeDocument } from '../../ensemble/format.js';
import { withCouplings } from '../../fit/index.js';
import type { CliCommand } from '../command.js';
import { printJson, warn } from '../common.js';

/** `nnrg merge <partial.json...> --out file.json`: combines shards/partial runs exactly from their per-bag sums. */
export const mergeCommand: CliCommand = {
  name: 'merge',
  register(program, setExit) {
    program
      .command('merge <partial...>')
      .description('combine partial sampler documents (nnrg sample --shard) into one, exactly')
      .requiredOption('--out <file.json>', 'where to write the merged document')
      .option('--json', 'print one JSON document')
      .action((files: string[], o: { out: string; json?: boolean }) =>
        setExit(() => {
          checkWritable(o.out);
          const docs = files.map((f) => readSampleDocument(f));
          const merged = mergeDocuments(docs, files);
          const doc = withCouplings(merged, samplerTheory(merged));
          writeAtomic(o.out, documentText(doc));
          if (!doc.complete) warn(`the parts hold ${doc.bagsDone} of ${doc.bags} bags; the merged document is partial`);
          if (doc.heavyTail?.heavy) warn(doc.heavyTail.note);
          if (o.json) printJson(doc);
          else process.stdout.write(describeDocument(doc) + `written to ${o.out}\n`);
          return 0;
        }),
      );
  },
};
