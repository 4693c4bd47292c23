// What a real-VS-Code suite needs on this machine (Debian's Chromium, the code-server cache), and the rule
// for when it is missing: on a user's machine say clearly what is skipped and go on; with CI=true, fail.
import { findChromium } from './browser';
import { installCodeServer, isCodeServerInstalled } from './install';

export interface Prerequisites {
  chromium: string;
}

/** Returns what the suite needs, or ends the process (exit 0 = skipped, exit 1 = CI failure). */
export function requirePrerequisites(suite: string): Prerequisites {
  const missing: string[] = [];
  const chromium = findChromium();
  if (!chromium) missing.push('Chromium (Debian: apt-get install chromium; or set CHROMIUM_PATH)');
  // code-server is installed on first use (about 300 MB from the npm registry), but not for nothing.
  else if (!isCodeServerInstalled()) {
    try {
      installCodeServer();
    } catch (err) {
      missing.push(`code-server (${(err as Error).message}; needs Debian's ripgrep and build tools: apt-get install ripgrep build-essential python3)`);
    }
  }
  if (chromium && missing.length === 0) return { chromium };

  const lines = missing.map((m) => `  - ${m}`).join('\n');
  if (process.env.CI === 'true' || process.env.CI === '1') {
    console.error(`\n${suite}: FAILED: missing on this CI machine:\n${lines}\n`);
    process.exit(1);
  }
  console.warn(`\n${suite}: SKIPPED (not run): missing on this machine:\n${lines}\nInstall them and run npm test again; with CI=true this is a failure.\n`);
  process.exit(0);
}
