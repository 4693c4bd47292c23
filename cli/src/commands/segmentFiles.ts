/**
 * The segment files a command was given: files named on the command line as they are, and folders
 * searched for *.segment.json (sorted, so output is stable). Symbolic links are followed, to files and to
 * folders alike, so a linked file is never silently left out; a loop of links is reported, never walked.
 */
import { readdir, realpath, stat } from 'node:fs/promises';
import { join, sep } from 'node:path';
import { loopMessage } from './readSegmentText';

export interface FoundFiles {
  files: string[];
  missing: string[];
  /** What could not be searched, in words (a loop of links). */
  problems: string[];
}

export async function segmentFiles(args: string[]): Promise<FoundFiles> {
  const files: string[] = [];
  const missing: string[] = [];
  const problems: string[] = [];
  async function walk(dir: string, ancestors: Set<string>): Promise<void> {
    const real = await realpath(dir);
    // A folder that holds the one being searched (or is it) would be searched without end.
    if ([...ancestors].some((a) => a === real || a.startsWith(real + sep))) {
      problems.push(`${dir}: a link back to a folder it is inside (a loop); not searched again.`);
      return;
    }
    const inside = new Set(ancestors).add(real);
    for (const entry of (await readdir(dir, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name))) {
      if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
      const p = join(dir, entry.name);
      let isDir = entry.isDirectory();
      if (entry.isSymbolicLink()) {
        try {
          isDir = (await stat(p)).isDirectory();
        } catch (e) {
          // A dangling or looping link named like a segment file is listed, so reading it says what is wrong.
          if ((e as NodeJS.ErrnoException).code === 'ELOOP' && !entry.name.endsWith('.segment.json')) problems.push(loopMessage(p));
        }
      }
      if (isDir) await walk(p, inside);
      else if (entry.name.endsWith('.segment.json')) files.push(p);
    }
  }
  for (const a of args) {
    try {
      const s = await stat(a);
      if (s.isDirectory()) await walk(a, new Set());
      else files.push(a);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ELOOP') problems.push(loopMessage(a));
      else missing.push(a);
    }
  }
  return { files, missing, problems };
}
