import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * Where the CLI keeps its login file: SEGMENT_CRITERIA_CONFIG_DIR when set (tests, unusual setups),
 * else the platform's user config directory.
 */
export function configDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.SEGMENT_CRITERIA_CONFIG_DIR) return env.SEGMENT_CRITERIA_CONFIG_DIR;
  if (process.platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'segment-criteria');
  if (process.platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'segment-criteria');
  return join(env.XDG_CONFIG_HOME || join(homedir(), '.config'), 'segment-criteria');
}
