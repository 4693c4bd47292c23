// `npm start`: the whole product in a real VS Code on this machine. Builds and packages the extension,
// installs code-server into the git-ignored cache if needed, starts the local sandbox API, and serves
// code-server with the packaged extension installed, pointed at the sandbox, and a copy of examples/ open.
// Options (environment): PORT (default: a free one), HOST (default 127.0.0.1).
import { execFileSync } from 'node:child_process';
import { cpSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { installCodeServer } from './code-server/install.ts';
import { projectRoot } from './code-server/paths.ts';
import { createProfile } from './code-server/profile.ts';
import { startSandbox } from './code-server/sandbox.ts';
import { installExtension, startCodeServer } from './code-server/server.ts';
import { vsixPath } from './code-server/vsix.ts';

const say = (line = '') => console.log(line);

say('Building and packaging the extension (npm run package)…');
execFileSync('npm', ['run', '--silent', 'package'], { cwd: projectRoot, stdio: ['ignore', 'ignore', 'inherit'] });
installCodeServer();

const api = await startSandbox().catch((err) => {
  console.warn(`The sandbox did not start: ${err.message}`);
  return undefined;
});
// The extension reads its endpoints from user settings; the sandbox approves device codes by itself, so
// "Segment Criteria: Sign In" completes without a browser round trip.
const settings = api
  ? {
      'segmentCriteria.api.baseUrl': api.apiBaseUrl,
      'segmentCriteria.oauth.baseUrl': `${new URL(api.apiBaseUrl).origin}/oauth2/default/v1`,
      'segmentCriteria.oauth.clientId': 'segment-criteria-sandbox',
    }
  : {};
// A copy of examples/ (with schemas/ beside it, so their "$schema": "../schemas/…" resolves): deploying
// writes segment_id into files, and a try-out should not change the committed examples.
const tryOut = join(projectRoot, '.cache', 'try-out');
rmSync(tryOut, { recursive: true, force: true });
const profile = createProfile('session', join(projectRoot, 'examples'), { parent: tryOut, settings, workspaceName: 'examples' });
cpSync(join(projectRoot, 'schemas'), join(profile.root, 'schemas'), { recursive: true });
const workspace = profile.workspace;

await installExtension(profile, vsixPath);
const server = await startCodeServer(profile, {
  folder: workspace,
  port: Number(process.env.PORT ?? 0),
  host: process.env.HOST ?? '127.0.0.1',
});

say();
say(`  Segment Criteria in VS Code (code-server): ${server.urlFor(workspace)}`);
say();
say(`  Workspace: ${workspace} (a copy of examples/)`);
if (api) {
  say(`  Sandbox API: ${api.apiBaseUrl} (sample account; token for curl: ${api.accessToken})`);
  say('  Sign in: nothing to do. The first Deploy or Preview signs in to the sandbox by itself and carries on.');
} else {
  say('  Sandbox: did not start (see above). In VS Code, "Segment Criteria: Use Local Sandbox" starts one inside the extension.');
}
say();
say('  Press Ctrl+C to stop.');

// Ctrl+C ends code-server and the sandbox with this script (see scripts/code-server/children.ts).
