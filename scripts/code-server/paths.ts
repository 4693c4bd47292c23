// Where the project keeps its own copy of code-server (a real VS Code workbench + extension host served over
// HTTP). Nothing here is committed: the cache folder is git-ignored and rebuilt by install.ts.
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** code-server 4.100.3 ships VS Code 1.100.3; later releases need Node 22+. */
export const CODE_SERVER_VERSION = '4.100.3';

export const projectRoot = fileURLToPath(new URL('../..', import.meta.url));
export const cacheDir = join(projectRoot, '.cache', 'code-server');
export const packageDir = join(cacheDir, 'node_modules', 'code-server');
export const vscodeDir = join(packageDir, 'lib', 'vscode');
/** code-server's own entry point, run with this Node (it needs Node 20, which the project already requires). */
export const entryScript = join(packageDir, 'out', 'node', 'entry.js');
/** Written last by install.ts: its presence means every step finished for this version. */
export const installedMarker = join(cacheDir, `.installed-${CODE_SERVER_VERSION}`);
