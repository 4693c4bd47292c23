/**
 * `segment-criteria unescape [FILE|-] [--out FILE]`: a request or response body (from a file or stdin)
 * back to a readable `.segment.json`, on stdout or into --out (never over an existing file without --force).
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { writeFileAtomic } from '../../../api/src/atomicWrite';
import { SegmentFileError, unescapeBody } from '../../../domain/src/segmentFile';
import { UsageError } from '../usage';
import { parse, processIo, type CliIo } from './io';
import { decodeUtf8, readFailure } from './readSegmentText';

export async function unescape(argv: string[], io: CliIo = processIo()): Promise<number> {
  const { values, positionals } = parse('unescape', argv, { out: { type: 'string', short: 'o' }, force: { type: 'boolean' } });
  if (positionals.length > 1) throw new UsageError('unescape takes at most one file (or - for stdin): segment-criteria unescape [FILE] [--out FILE]');
  const source = positionals[0] ?? '-';
  let text: string;
  // A body may come through a pipe (stdin, or `<(curl ...)`), so any readable file is taken here; it
  // must be UTF-8 all the same, or the name would carry U+FFFD into the file.
  try {
    if (source === '-') {
      if (io.interactive) io.err('Paste the request or response body, then press Ctrl-D.\n');
      text = await io.readStdin();
    } else {
      text = decodeUtf8(await readFile(resolve(io.cwd, source)), source);
    }
  } catch (e) {
    io.err(`${readFailure(source === '-' ? 'stdin' : source, e)}\n`);
    return 2;
  }
  let file: string;
  try {
    file = unescapeBody(text, source === '-' ? 'stdin' : source);
  } catch (e) {
    if (e instanceof SegmentFileError) {
      io.err(`${e.message}\n`);
      return 1;
    }
    throw e;
  }
  if (!values.out) {
    io.out(file);
    return 0;
  }
  const out = resolve(io.cwd, values.out);
  if (existsSync(out) && !values.force) {
    io.err(`${values.out} already exists: not overwritten. Choose another --out, or pass --force.\n`);
    return 1;
  }
  writeFileAtomic(out, file);
  io.err(`Wrote ${values.out}\n`);
  return 0;
}
