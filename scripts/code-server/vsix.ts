// The packaged extension the real-VS-Code suites install, exactly as users get it. Packaged afresh on each
// run (a few seconds) so a suite never tests a stale build; SEGMENT_VSIX names a ready one instead.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { projectRoot } from './paths';

export const vsixPath = join(projectRoot, 'segment-criteria.vsix');

export function ensurePackagedExtension(): string {
  const ready = process.env.SEGMENT_VSIX;
  if (ready) return ready;
  console.log('packaging the extension (npm run package)');
  execFileSync('npm', ['run', '--silent', 'package'], { cwd: projectRoot, stdio: ['ignore', 'ignore', 'inherit'] });
  return vsixPath;
}
