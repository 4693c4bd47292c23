import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';

/**
 * Where the CLI keeps its login file: SEGMENT_CRITERIA_CONFIG_DIR when set (tests, unusual setups),
 * else the platform's user config directory. A relative XDG_CONFIG_HOME is ignored, as the XDG Base
 * Directory spec says: it would put the login file under whatever folder a command runs in.
 */
export function configDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.SEGMENT_CRITERIA_CONFIG_DIR) return env.SEGMENT_CRITERIA_CONFIG_DIR;
  if (process.platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'segment-criteria');
  if (process.platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'segment-criteria');
  const xdg = env.XDG_CONFIG_HOME;
  return join(xdg && isAbsolute(xdg) ? xdg : join(homedir(), '.config'), 'segment-criteria');
}
