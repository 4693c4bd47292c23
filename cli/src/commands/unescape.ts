/**
 * `segment-criteria unescape [FILE|-] [--out FILE|-]`: a request or response body (from a file or stdin)
 * back to a readable `.segment.json`, on stdout or into --out (never over an existing file without --force,
 * never over the file it reads).
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { writeFileAtomic } from '../../../api/src/atomicWrite';
import { SegmentFileError, unescapeBody } from '../../../domain/src/segmentFile';
import { UsageError } from '../usage';
import { parse, processIo, type CliIo } from './io';
import { outputProblem, STDIO, writeFailure } from './namedFiles';
import { decodeUtf8, readFailure } from './readSegmentText';

export async function unescape(argv: string[], io: CliIo = processIo()): Promise<number> {
  const { values, positionals } = parse('unescape', argv, { out: { type: 'string', short: 'o' }, force: { type: 'boolean' } });
  if (positionals.length > 1) throw new UsageError('unescape takes at most one file (or - for stdin): segment-criteria unescape [FILE] [--out FILE]');
  const source = positionals[0] ?? STDIO;
  if (values.out === '') throw new UsageError('--out needs a file name, e.g. --out vip.segment.json (or --out - for stdout).');
  // Where the file goes, checked before reading: never over the body being read, whatever --force says.
  const out = values.out === undefined || values.out === STDIO ? undefined : { abs: resolve(io.cwd, values.out), shown: values.out };
  const outRules = { flag: '--out', force: !!values.force, reads: source === STDIO ? [] : [{ abs: resolve(io.cwd, source), shown: source }], example: 'segment.segment.json' };
  const problem = out && outputProblem(out.abs, out.shown, outRules);
  if (problem) {
    io.err(`${problem.message}\n`);
    return problem.exit;
  }
  let text: string;
  // A body may come through a pipe (stdin, or `<(curl ...)`), so any readable file is taken here; it
  // must be UTF-8 all the same, or the name would carry U+FFFD into the file.
  try {
    if (source === STDIO) {
      if (io.interactive) io.err('Paste the request or response body, then press Ctrl-D.\n');
      text = await io.readStdin();
    } else {
      text = decodeUtf8(await readFile(resolve(io.cwd, source)), source);
    }
  } catch (e) {
    io.err(`${readFailure(source === STDIO ? 'stdin' : source, e)}\n`);
    return 2;
  }
  let file: string;
  try {
    file = unescapeBody(text, source === STDIO ? 'stdin' : source);
  } catch (e) {
    if (e instanceof SegmentFileError) {
      io.err(`${e.message}\n`);
      return 1;
    }
    throw e;
  }
  if (!out) {
    io.out(file);
    return 0;
  }
  try {
    writeFileAtomic(out.abs, file);
  } catch (e) {
    io.err(`Cannot write ${writeFailure(out.shown, e)}; nothing was written. Choose another --out, or leave it out to print the file.\n`);
    return 1;
  }
  io.err(`Wrote ${out.shown}\n`);
  return 0;
}
