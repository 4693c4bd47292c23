/**
 * The CLI's login file: tokens from `segment-criteria login`, one entry per API host, so a token is only
 * ever sent to the host it was issued for. Only the user can read it (mode 0600, directory 0700), and it
 * is written atomically. A lock file keeps two processes from refreshing a rotating token at once.
 */
import { chmodSync, closeSync, existsSync, lstatSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
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

/**
 * The login file cannot be used: not valid JSON, not in the form this version writes, or not readable. No
 * saved sign-in can be trusted from it; `setAsideIfDamaged` moves it out of the way.
 */
export class DamagedLoginFile extends Error {
  constructor(
    readonly path: string,
    /** "is damaged (not valid JSON)", "cannot be read (EACCES)": follows the path in a sentence. */
    readonly problem: string,
  ) {
    super(damagedLoginFileMessage(path, problem, 'segment-criteria login'));
  }
}

/**
 * What to do about a damaged login file, naming `login` (the full command line for the host at hand),
 * which sets the file aside and signs in again, and `logout`, which only sets it aside.
 */
export function damagedLoginFileMessage(path: string, problem: string, login: string): string {
  return `The login file ${path} ${problem}, so no saved sign-in can be read from it. Run \`${login}\`: it sets the damaged file aside and signs you in again (\`segment-criteria logout\` only sets it aside).`;
}

/** A usable saved sign-in; anything else under a host (null, a string, a token without its endpoint) is no sign-in. */
function isStoredLogin(v: unknown): v is StoredLogin {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return false;
  const o = v as Record<string, unknown>;
  return (
    typeof o.client_id === 'string' &&
    typeof o.access_token === 'string' &&
    o.access_token !== '' &&
    typeof o.token_endpoint === 'string' &&
    (o.refresh_token === undefined || typeof o.refresh_token === 'string') &&
    (o.expires_at === undefined || typeof o.expires_at === 'number') &&
    (o.scope === undefined || typeof o.scope === 'string')
  );
}

export class TokenStore {
  readonly path: string;

  constructor(readonly dir: string) {
    this.path = join(dir, 'credentials.json');
  }

  /**
   * The file's usable sign-ins, and the hosts whose entries are not one (treated as not signed in, and
   * dropped at the next write). Throws DamagedLoginFile when the file as a whole cannot be used.
   */
  private readAll(): { file: StoreFile; unusable: string[] } {
    let text: string;
    try {
      text = readFileSync(this.path, 'utf8');
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') return { file: { version: 1, logins: {} }, unusable: [] };
      throw new DamagedLoginFile(this.path, `cannot be read (${code ?? (e as Error).message})`);
    }
    let v: unknown;
    try {
      v = JSON.parse(text);
    } catch {
      throw new DamagedLoginFile(this.path, 'is damaged (not valid JSON)');
    }
    const o = v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
    const logins = o?.logins;
    // A file without a version is read as version 1 (the only one there is); another version is not ours to read.
    if (!o || (o.version !== undefined && o.version !== 1) || !logins || typeof logins !== 'object' || Array.isArray(logins)) {
      throw new DamagedLoginFile(this.path, 'is damaged (not in the form segment-criteria writes it)');
    }
    const file: StoreFile = { version: 1, logins: {} };
    const unusable: string[] = [];
    for (const [host, login] of Object.entries(logins)) {
      if (isStoredLogin(login)) file.logins[host] = login;
      else unusable.push(host);
    }
    return { file, unusable };
  }

  private read(): StoreFile {
    return this.readAll().file;
  }

  private write(f: StoreFile): void {
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    writeFileAtomic(this.path, JSON.stringify(f, null, 2) + '\n', { mode: 0o600 });
  }

  /**
   * Moves a damaged login file out of the way, to `credentials.json.damaged-TIME` beside it, readable only
   * by you (it may hold tokens): where it went and what was wrong, or undefined when the file is fine or
   * absent.
   */
  setAsideIfDamaged(): { movedTo: string; problem: string } | undefined {
    let problem: string;
    try {
      this.readAll();
      return undefined;
    } catch (e) {
      if (!(e instanceof DamagedLoginFile)) throw e;
      problem = e.problem;
    }
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    let dest = `${this.path}.damaged-${stamp}`;
    for (let n = 2; existsSync(dest); n++) dest = `${this.path}.damaged-${stamp}-${n}`;
    try {
      if (process.platform !== 'win32' && lstatSync(this.path).isFile()) chmodSync(this.path, 0o600);
      renameSync(this.path, dest);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined; // another process moved it meanwhile
      throw e;
    }
    return { movedTo: dest, problem };
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

  /**
   * Removes one host's login, or all of them (the whole file, damaged or not); true when a sign-in was
   * removed. An unusable entry for the host is dropped too, but is no sign-in.
   */
  remove(apiHost?: string): boolean {
    if (!existsSync(this.path)) return false;
    if (apiHost === undefined) {
      rmSync(this.path, { force: true });
      return true;
    }
    const { file: f, unusable } = this.readAll();
    const had = apiHost in f.logins;
    if (!had && !unusable.includes(apiHost)) return false;
    delete f.logins[apiHost];
    if (Object.keys(f.logins).length === 0) rmSync(this.path, { force: true });
    else this.write(f);
    return had;
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
