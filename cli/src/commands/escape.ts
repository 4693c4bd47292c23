/**
 * `segment-criteria escape FILE [--strict]`: prints the exact API request body, `{"name": ...,
 * "segment_criteria": "<escaped>"}`, strings and numbers as the file writes them. Comments, `$schema`,
 * `segment_id` and `sync` are dropped. A file with errors is refused.
 */
import { resolve } from 'node:path';
import { SegmentFileError, parseSegmentFile, requestBody } from '../../../domain/src/segmentFile';
import { UsageError } from '../usage';
import { errorLines } from './checkFile';
import { parse, processIo, type CliIo } from './io';
import { readFailure, readSegmentText } from './readSegmentText';

export async function escape(argv: string[], io: CliIo = processIo()): Promise<number> {
  const { values, positionals } = parse('escape', argv, { 'no-check': { type: 'boolean' }, strict: { type: 'boolean' } });
  if (positionals.length !== 1) throw new UsageError('escape takes one file: segment-criteria escape FILE');
  const path = positionals[0]!;
  let text: string;
  try {
    text = readSegmentText(resolve(io.cwd, path), path);
  } catch (e) {
    io.err(`${readFailure(path, e)}\n`);
    return 2;
  }
  if (!values['no-check']) {
    const errors = errorLines(path, text, { strict: !!values.strict });
    if (errors.length) {
      io.err(`${errors.join('\n')}\n${path}: not escaped: fix the errors above (the API would refuse it), or pass --no-check.\n`);
      return 1;
    }
  }
  try {
    io.out(JSON.stringify(requestBody(parseSegmentFile(text, path))) + '\n');
    return 0;
  } catch (e) {
    if (e instanceof SegmentFileError) {
      io.err(`${e.message}\n`);
      return 1;
    }
    throw e;
  }
}
