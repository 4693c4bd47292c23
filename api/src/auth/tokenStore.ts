/**
 * The CLI's login file: tokens from `segment-criteria login`, one entry per API host, so a token is only
 * ever sent to the host it was issued for. Only the user can read it (mode 0600, directory 0700), and it
 * is written atomically. A lock file keeps two processes from refreshing a rotating token at once.
 */
import { chmodSync, closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../atomicWrite.js';
import { sleep } from '../sleep.js';

export interface StoredLogin {
  client_id: string;
  access_token: string;
  refresh_token?: string;
  /** Epoch ms. */
  expires_at?: number;
  token_endpoint: string;
  scope?: string;
  saved_at: number;
}

interface StoreFile {
  version: 1;
  /** By API host (`api.cc.email`, `127.0.0.1:4010`). */
  logins: Record<string, StoredLogin>;
}

export class TokenStore {
  readonly path: string;

  constructor(readonly dir: string) {
    this.path = join(dir, 'credentials.json');
  }

  private read(): StoreFile {
    if (!existsSync(this.path)) return { version: 1, logins: {} };
    try {
      const v = JSON.parse(readFileSync(this.path, 'utf8')) as StoreFile;
      if (v && v.version === 1 && v.logins && typeof v.logins === 'object') return v;
    } catch {
      /* below */
    }
    throw new Error(`The login file ${this.path} is damaged. Run \`segment-criteria logout\` and sign in again.`);
  }

  private write(f: StoreFile): void {
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    writeFileAtomic(this.path, JSON.stringify(f, null, 2) + '\n', { mode: 0o600 });
  }

  get(apiHost: string): StoredLogin | undefined {
    return this.read().logins[apiHost];
  }

  hosts(): string[] {
    return Object.keys(this.read().logins);
  }

  put(apiHost: string, login: StoredLogin): void {
    const f = this.read();
    f.logins[apiHost] = login;
    this.write(f);
  }

  /** Removes one host's login, or all of them; true when something was removed. */
  remove(apiHost?: string): boolean {
    if (!existsSync(this.path)) return false;
    if (apiHost === undefined) {
      rmSync(this.path, { force: true });
      return true;
    }
    const f = this.read();
    if (!f.logins[apiHost]) return false;
    delete f.logins[apiHost];
    if (Object.keys(f.logins).length === 0) rmSync(this.path, { force: true });
    else this.write(f);
    return true;
  }

  /** Tightens permissions if something loosened them. */
  ensurePrivate(): void {
    if (process.platform !== 'win32' && existsSync(this.path) && (statSync(this.path).mode & 0o077) !== 0) chmodSync(this.path, 0o600);
  }

  /** Runs `fn` holding the refresh lock (a lock file; a stale one, older than 30 s, is broken). */
  async withLock<T>(fn: () => Promise<T>, waitMs = 15_000): Promise<T> {
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    const lock = `${this.path}.lock`;
    const deadline = Date.now() + waitMs;
    for (;;) {
      try {
        closeSync(openSync(lock, 'wx', 0o600));
        break;
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
        try {
          if (Date.now() - statSync(lock).mtimeMs > 30_000) rmSync(lock, { force: true });
        } catch {
          /* gone meanwhile */
        }
        if (Date.now() > deadline) throw new Error(`Another segment-criteria process holds ${lock}. If none is running, delete that file.`);
        await sleep(50);
      }
    }
    try {
      return await fn();
    } finally {
      rmSync(lock, { force: true });
    }
  }
}
