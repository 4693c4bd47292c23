/**
 * The README's CI recipe, run as GitHub Actions would run it, against the sandbox: the workflow is read
 * from the README (the block after the `ci-recipe` marker), its jobs' and steps' `if:` are evaluated for
 * each event, and its `run:` commands run in order in bash (`-eo pipefail`, as Actions runs them) in a
 * checkout of a local git repository. `segment-criteria` on PATH is the built CLI (dist/cli.js); the
 * install step's `npm` is a stand-in that only accepts installing that package. The actions the recipe
 * uses are played by the test: checkout (a fresh clone), setup-node (the Node running the tests), and
 * upload-sarif (the file must be valid SARIF 2.1.0). The refresh token is got as a user gets one: the CLI's
 * `login` against the sandbox, whose tokens are long-lived as for an application set up so.
 */
import assert from 'node:assert/strict';
import { execFile, spawn, spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parse as parseJsonc } from 'jsonc-parser';
import { after, before, describe, it } from 'node:test';
import { TokenStore } from '../../api/src/auth/tokenStore.js';
import { SANDBOX_CLIENT_ID } from '../../sandbox/src/oauth.js';
import { startSandbox, type Sandbox } from '../../sandbox/src/server.js';
import { assertValidSarif } from './sarifSchema';

// js-yaml (a development dependency) has no types of its own here.
const { load } = createRequire(import.meta.url)('js-yaml') as { load(text: string): unknown };

const root = new URL('../..', import.meta.url).pathname;
const cli = join(root, 'dist', 'cli.js');
const REPOSITORY = 'acme/segments';

// ---- the workflow, from the README -------------------------------------------------------------------

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  if?: string;
  env?: Record<string, string>;
  with?: Record<string, string | number>;
}
interface Job {
  if?: string;
  needs?: string | string[];
  environment?: string | { name: string };
  env?: Record<string, string>;
  permissions?: Record<string, string>;
  steps: Step[];
}
interface Workflow {
  on: Record<string, unknown>;
  jobs: Record<string, Job>;
}

function recipeText(readme: string): string {
  const m = /<!-- ci-recipe\b[^>]*-->\s*\n```yaml\n([\s\S]*?)\n```/.exec(readme);
  assert.ok(m, 'README.md has a ```yaml block right after a <!-- ci-recipe --> marker');
  return m[1]!;
}

const workflow = load(recipeText(readFileSync(join(root, 'README.md'), 'utf8'))) as Workflow;

// ---- GitHub's expressions, as much of them as a workflow's `if:` uses ----------------------------------

type Value = string | number | boolean | null | { [k: string]: unknown };
interface Context {
  github: Record<string, unknown>;
  vars: Record<string, string>;
  secrets: Record<string, string>;
  /** The job's (or step's) status so far: what success(), failure() and always() look at. */
  status: 'success' | 'failure';
}

/** Evaluates `${{ expr }}` or a bare `if:` expression: literals, context paths, ! == != && || (), and the status functions. */
function evaluate(source: string, ctx: Context): Value {
  const expr = source.trim().replace(/^\$\{\{([\s\S]*)\}\}$/, '$1');
  const tokens = expr.match(/'(?:[^']|'')*'|==|!=|&&|\|\||[!()]|[A-Za-z_][\w.-]*(?:\(\))?|\d+(?:\.\d+)?|\S/g) ?? [];
  let i = 0;
  const peek = () => tokens[i];
  const take = (t?: string) => {
    const got = tokens[i++];
    if (t !== undefined && got !== t) throw new Error(`expected ${t} in ${expr}, got ${got}`);
    return got!;
  };
  const truthy = (v: Value) => v !== null && v !== false && v !== 0 && v !== '';
  const equal = (a: Value, b: Value) => (typeof a === 'string' && typeof b === 'string' ? a.toLowerCase() === b.toLowerCase() : a === b);
  function primary(): Value {
    const t = take();
    if (t === '(') {
      const v = or();
      take(')');
      return v;
    }
    if (t.startsWith("'")) return t.slice(1, -1).replace(/''/g, "'");
    if (/^\d/.test(t)) return Number(t);
    if (t === 'true' || t === 'false') return t === 'true';
    if (t === 'null') return null;
    if (t === 'always()') return true;
    if (t === 'success()') return ctx.status === 'success';
    if (t === 'failure()') return ctx.status === 'failure';
    if (t === 'cancelled()') return false;
    const [head, ...rest] = t.split('.');
    if (!['github', 'vars', 'secrets'].includes(head!)) throw new Error(`the test does not know the context of ${t}`);
    let v: unknown = (ctx as unknown as Record<string, unknown>)[head!];
    for (const k of rest) v = v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined;
    return v === undefined ? null : (v as Value);
  }
  function unary(): Value {
    if (peek() === '!') {
      take();
      return !truthy(unary());
    }
    return primary();
  }
  function comparison(): Value {
    const a = unary();
    if (peek() === '==' || peek() === '!=') {
      const op = take();
      const b = unary();
      return op === '==' ? equal(a, b) : !equal(a, b);
    }
    return a;
  }
  function and(): Value {
    let v = comparison();
    while (peek() === '&&') {
      take();
      const w = comparison();
      v = truthy(v) ? w : v;
    }
    return v;
  }
  function or(): Value {
    let v = and();
    while (peek() === '||') {
      take();
      const w = and();
      v = truthy(v) ? v : w;
    }
    return v;
  }
  const v = or();
  if (i !== tokens.length) throw new Error(`could not read ${expr}`);
  return v;
}

/** `if:` as Actions reads it: without a status function, success() is implied. */
function condition(source: string | undefined, ctx: Context): boolean {
  if (source === undefined) return ctx.status === 'success';
  const v = evaluate(source, ctx);
  const ok = v !== null && v !== false && v !== 0 && v !== '';
  return /\b(always|success|failure|cancelled)\(\)/.test(source) ? ok : ok && ctx.status === 'success';
}

/** `${{ … }}` in a value, replaced by what it evaluates to. */
function interpolate(value: string, ctx: Context): string {
  return value.replace(/\$\{\{([\s\S]*?)\}\}/g, (_, e: string) => {
    const v = evaluate(e, ctx);
    return v === null ? '' : String(v);
  });
}

// ---- the runner -----------------------------------------------------------------------------------------

interface Event {
  name: 'pull_request' | 'push';
  ref: string;
  /** The branch of the local origin that the event's checkout gets. */
  branch: string;
  /** The repository the pull request's head branch lives in. */
  headRepository?: string;
}

interface StepRun {
  job: string;
  step: string;
  code: number;
  output: string;
  /** The names of the environment variables it ran with that came from secrets. */
  secrets: string[];
}

interface RunResult {
  jobs: Record<string, 'success' | 'failure' | 'skipped'>;
  steps: StepRun[];
  /** The CLI's runs: its arguments and exit code. */
  cli: { args: string; code: number }[];
  uploads: unknown[];
  /** Each job's checkout. */
  workspaces: Record<string, string>;
}

function git(cwd: string, ...args: string[]): string {
  const r = spawnSync('git', ['-c', 'user.name=Test', '-c', 'user.email=test@example.com', '-c', 'init.defaultBranch=main', ...args], { cwd, encoding: 'utf8' });
  assert.equal(r.status, 0, `git ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

function bash(script: string, cwd: string, env: NodeJS.ProcessEnv): Promise<{ code: number; output: string }> {
  return new Promise((done, fail) => {
    // Actions' default shell: bash --noprofile --norc -eo pipefail {0}
    const child = spawn('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', script], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('error', fail);
    child.on('close', (code) => done({ code: code ?? 1, output }));
  });
}

class Runner {
  readonly home = mkdtempSync(join(tmpdir(), 'ci-recipe-'));
  readonly origin = join(this.home, 'origin.git');
  private readonly bin = join(this.home, 'bin');
  private readonly cliLog = join(this.home, 'cli.log');
  private runs = 0;

  constructor(
    private readonly sb: Sandbox,
    private readonly vars: Record<string, string>,
    private readonly secrets: Record<string, string>,
  ) {
    mkdirSync(this.bin);
    // The installed CLI: the built one, each run's arguments and exit code logged.
    writeFileSync(
      join(this.bin, 'segment-criteria'),
      `#!/bin/sh\nstatus=0\n"${process.execPath}" "${cli}" "$@" || status=$?\nprintf '%s\\t%s\\n' "$status" "$*" >> "${this.cliLog}"\nexit $status\n`,
    );
    // The install step's npm: installing segment-criteria is already done (it is on PATH); nothing else is.
    writeFileSync(join(this.bin, 'npm'), `#!/bin/sh\ncase "$1 $2 $3" in\n  "install --global segment-criteria"|"install --global segment-criteria@"*|"install -g segment-criteria"*) exit 0 ;;\nesac\necho "npm stand-in: only installs segment-criteria, not: $*" >&2\nexit 1\n`);
    for (const f of ['segment-criteria', 'npm']) chmodSync(join(this.bin, f), 0o755);
    git(this.home, 'init', '--bare', '--quiet', this.origin);
  }

  /** Pushes a commit holding `files` (path → text) onto `branch` of the origin, starting from `from`. */
  commit(branch: string, from: string | undefined, change: (dir: string) => void, message: string): void {
    const dir = join(this.home, `author-${++this.runs}`);
    if (from) git(this.home, 'clone', '--quiet', '--branch', from, this.origin, dir);
    else {
      mkdirSync(dir);
      git(dir, 'init', '--quiet');
      git(dir, 'remote', 'add', 'origin', this.origin);
    }
    git(dir, 'checkout', '--quiet', '-B', branch);
    change(dir);
    git(dir, 'add', '-A');
    git(dir, 'commit', '--quiet', '--allow-empty', '-m', message);
    git(dir, 'push', '--quiet', 'origin', `HEAD:refs/heads/${branch}`);
  }

  async run(event: Event, only?: string[]): Promise<RunResult> {
    const github = {
      event_name: event.name,
      ref: event.ref,
      repository: REPOSITORY,
      event: event.name === 'pull_request' ? { pull_request: { head: { repo: { full_name: event.headRepository ?? REPOSITORY } } } } : {},
    };
    // Actions give a fork's pull request no secrets.
    const secrets = event.name === 'pull_request' && event.headRepository && event.headRepository !== REPOSITORY ? {} : this.secrets;
    rmSync(this.cliLog, { force: true });
    const result: RunResult = { jobs: {}, steps: [], cli: [], uploads: [], workspaces: {} };
    for (const [name, job] of Object.entries(workflow.jobs)) {
      if (only && !only.includes(name)) continue;
      const needs = job.needs === undefined ? [] : [].concat(job.needs as never);
      const needsOk = needs.every((n) => result.jobs[n] === 'success');
      const jobCtx: Context = { github, vars: this.vars, secrets, status: needsOk ? 'success' : 'failure' };
      if (!condition(job.if, jobCtx)) {
        result.jobs[name] = 'skipped';
        continue;
      }
      const workspace = join(this.home, `run-${++this.runs}-${name}`);
      result.workspaces[name] = workspace;
      const runnerHome = join(this.home, `home-${this.runs}`);
      mkdirSync(runnerHome);
      const stepCtx: Context = { ...jobCtx, status: 'success' };
      for (const step of job.steps) {
        const label = step.name ?? step.run ?? step.uses ?? '?';
        if (!condition(step.if, stepCtx)) continue;
        if (step.uses) {
          const ok = this.action(step, workspace, event, result);
          result.steps.push({ job: name, step: label, code: ok ? 0 : 1, output: '', secrets: [] });
          if (!ok) stepCtx.status = 'failure';
          continue;
        }
        assert.ok(step.run, `a step has run: or uses: (${label})`);
        const stepEnv: Record<string, string> = {};
        const fromSecrets: string[] = [];
        for (const [k, v] of Object.entries({ ...job.env, ...step.env })) {
          stepEnv[k] = interpolate(v, stepCtx);
          if (/\bsecrets\./.test(v)) fromSecrets.push(k);
        }
        const env: NodeJS.ProcessEnv = {
          PATH: `${this.bin}:${process.env.PATH}`,
          HOME: runnerHome,
          GIT_CONFIG_NOSYSTEM: '1',
          CI: 'true',
          GITHUB_ACTIONS: 'true',
          // Where the runner's API is: the sandbox (in a real run, unset: Constant Contact's).
          CTCT_API_BASE_URL: this.sb.baseUrl,
          SEGMENT_CRITERIA_CONFIG_DIR: join(runnerHome, '.config', 'segment-criteria'),
          ...stepEnv,
        };
        const { code, output } = await bash(step.run, workspace, env);
        result.steps.push({ job: name, step: label, code, output, secrets: fromSecrets.filter((k) => stepEnv[k]) });
        if (code !== 0) stepCtx.status = 'failure';
      }
      result.jobs[name] = stepCtx.status;
    }
    result.cli = existsSync(this.cliLog)
      ? readFileSync(this.cliLog, 'utf8')
          .trimEnd()
          .split('\n')
          .map((l) => {
            const [code, args] = l.split('\t');
            return { code: Number(code), args: args! };
          })
      : [];
    return result;
  }

  /** The actions the recipe uses, played here. */
  private action(step: Step, workspace: string, event: Event, result: RunResult): boolean {
    const [name] = step.uses!.split('@');
    if (name === 'actions/checkout') {
      git(this.home, 'clone', '--quiet', '--branch', event.branch, this.origin, workspace);
      return true;
    }
    if (name === 'actions/setup-node') {
      assert.ok(Number(process.versions.node.split('.')[0]) >= Number(step.with?.['node-version']), 'the tests run on a Node at least as new as the recipe asks');
      return true;
    }
    if (name === 'github/codeql-action/upload-sarif') {
      const file = join(workspace, String(step.with?.sarif_file));
      if (!existsSync(file)) return false;
      const log = JSON.parse(readFileSync(file, 'utf8'));
      assertValidSarif(log);
      result.uploads.push(log);
      return true;
    }
    throw new Error(`the recipe uses ${step.uses}, which this test does not play`);
  }
}

// ---- the tests ------------------------------------------------------------------------------------------

/** Whether the built CLI has a command (plan and apply come with their own change). */
function cliHas(command: string): boolean {
  if (!existsSync(cli)) return false;
  const help = spawnSync(process.execPath, [cli, '--help'], { encoding: 'utf8' }).stdout;
  return new RegExp(`^\\s+segment-criteria ${command} `, 'm').test(help);
}
const planAndApply = cliHas('plan') && cliHas('apply');
const NOT_YET = 'needs the plan and apply commands in the built CLI';

/** The examples, as a repository keeps them; not the one that shows an error on purpose for its quick fix. */
function examples(dir: string): void {
  cpSync(join(root, 'examples'), join(dir, 'segments'), { recursive: true });
  rmSync(join(dir, 'segments', 'try-the-quick-fix.segment.json'));
}

/** The names of the segments the examples hold (the ones the repository keeps). */
function exampleNames(): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'ci-examples-'));
  examples(dir);
  return readdirSync(join(dir, 'segments'))
    .map((f) => (parseJsonc(readFileSync(join(dir, 'segments', f), 'utf8')) as { name: string }).name)
    .sort();
}

describe("the README's CI recipe", () => {
  let sb: Sandbox;
  /** The segments the sample account starts with: not the recipe's. */
  let sample: Set<number>;
  const created = () => [...sb.state.segments.entries()].filter(([id]) => !sample.has(id)).map(([, s]) => s);
  let runner: Runner;
  before(async () => {
    sb = await startSandbox({ rateLimit: false, processingMs: 0, oauth: { deviceIntervalSec: 1, refreshTokens: 'long-lived' } });
    sample = new Set(sb.state.segments.keys());
    // The refresh token for the secret, as a user gets it: sign in once, copy it from the login file.
    const config = mkdtempSync(join(tmpdir(), 'ci-login-'));
    const login = await promisify(execFile)(process.execPath, [cli, 'login', '--api-base-url', sb.baseUrl], { env: { PATH: process.env.PATH, HOME: config, SEGMENT_CRITERIA_CONFIG_DIR: config } }).catch((e: { code: number; stderr: string }) => e);
    assert.match(String(login.stderr), /Signed in to/);
    const refresh = new TokenStore(config).get(new URL(sb.baseUrl).host)?.refresh_token;
    assert.ok(refresh, 'the login file holds a refresh token');
    rmSync(config, { recursive: true, force: true });
    runner = new Runner(sb, { CTCT_CLIENT_ID: SANDBOX_CLIENT_ID }, { CTCT_REFRESH_TOKEN: refresh });
    runner.commit('main', undefined, (dir) => writeFileSync(join(dir, 'README.md'), 'Our segments.\n'), 'Start');
    runner.commit('add-segments', 'main', examples, 'Add the segments');
  });
  after(() => sb?.close());

  it('is a workflow whose secret-holding jobs are guarded: plan for this repository only, apply on main in an environment', () => {
    assert.ok(!('pull_request_target' in workflow.on), 'pull_request_target would run a fork with the secret');
    const { plan, apply, check } = workflow.jobs;
    assert.ok(plan && apply && check);
    assert.match(plan.if!, /github\.event\.pull_request\.head\.repo\.full_name == github\.repository/);
    assert.match(apply.if!, /github\.ref == 'refs\/heads\/main'/);
    assert.ok(apply.environment, 'apply runs in an environment');
    for (const [name, job] of Object.entries(workflow.jobs)) {
      const usesSecret = JSON.stringify(job).includes('secrets.');
      if (usesSecret) assert.ok(['plan', 'apply'].includes(name), `${name} holds a secret`);
    }
    assert.ok(check.steps.some((s) => s.uses?.startsWith('github/codeql-action/upload-sarif@')));
    const steps = Object.values(workflow.jobs).flatMap((j) => j.steps);
    assert.ok(steps.some((s) => /\bsegment-criteria check\b.*--format sarif/.test(s.run ?? '')));
  });

  it('reads if: as Actions do', () => {
    const ctx = (full_name: string, event_name = 'pull_request'): Context => ({ github: { event_name, repository: REPOSITORY, event: { pull_request: { head: { repo: { full_name } } } } }, vars: {}, secrets: {}, status: 'success' });
    assert.equal(condition(workflow.jobs.plan!.if, ctx(REPOSITORY)), true);
    assert.equal(condition(workflow.jobs.plan!.if, ctx('ACME/Segments')), true, 'names compare without case');
    assert.equal(condition(workflow.jobs.plan!.if, ctx('someone/segments')), false);
    assert.equal(condition(workflow.jobs.plan!.if, ctx(REPOSITORY, 'push')), false);
    assert.equal(condition('always()', { ...ctx(REPOSITORY), status: 'failure' }), true);
    assert.equal(condition(undefined, { ...ctx(REPOSITORY), status: 'failure' }), false);
  });

  it('checks on every pull request and sends a valid SARIF log to code scanning, even when the check fails', async () => {
    const ok = await runner.run({ name: 'pull_request', ref: 'refs/pull/1/merge', branch: 'add-segments' }, ['check']);
    assert.equal(ok.jobs.check, 'success', JSON.stringify(ok.steps, null, 2));
    assert.deepEqual(ok.cli, [{ code: 0, args: 'check segments/ --format sarif' }]);
    assert.equal(ok.uploads.length, 1);
    // The examples hold a warning (a custom field this offline check cannot confirm), nothing more.
    const results = (ok.uploads[0] as { runs: { results: { ruleId: string; level: string }[] }[] }).runs[0]!.results;
    assert.deepEqual(results.map((r) => [r.ruleId, r.level]), [['unknown-contact-field', 'warning']]);

    // A file with an error: the job fails, and the problems are uploaded all the same.
    runner.commit('broken', 'add-segments', (dir) => cpSync(join(root, 'examples', 'try-the-quick-fix.segment.json'), join(dir, 'segments', 'try-the-quick-fix.segment.json')), 'An error');
    const broken = await runner.run({ name: 'pull_request', ref: 'refs/pull/2/merge', branch: 'broken' }, ['check']);
    assert.equal(broken.jobs.check, 'failure');
    assert.deepEqual(broken.cli, [{ code: 1, args: 'check segments/ --format sarif' }]);
    assert.equal(broken.uploads.length, 1, 'if: always() sends the log of a failed check');
    const errors = (broken.uploads[0] as { runs: { results: { ruleId: string; level: string }[] }[] }).runs[0]!.results.filter((r) => r.level === 'error');
    assert.deepEqual(errors.map((r) => r.ruleId), ['repeated-list-membership']);
  });

  it('never runs a job with the secret for a pull request from a fork', async () => {
    const r = await runner.run({ name: 'pull_request', ref: 'refs/pull/3/merge', branch: 'add-segments', headRepository: 'someone/segments' });
    assert.equal(r.jobs.check, 'success');
    assert.equal(r.jobs.plan, 'skipped');
    assert.equal(r.jobs.apply, 'skipped');
    assert.deepEqual(r.steps.flatMap((s) => s.secrets), []);
    assert.ok(r.cli.every((c) => c.args.startsWith('check ')), 'only check ran');
  });

  it('plans a pull request from this repository: changes pending (exit 3) is not a failure', { skip: planAndApply ? false : NOT_YET }, async () => {
    const r = await runner.run({ name: 'pull_request', ref: 'refs/pull/4/merge', branch: 'add-segments' });
    assert.deepEqual(r.jobs, { check: 'success', plan: 'success', apply: 'skipped' }, JSON.stringify(r.steps, null, 2));
    const plan = r.cli.find((c) => c.args.startsWith('plan '));
    assert.deepEqual(plan, { code: 3, args: 'plan segments/ --out segment-criteria.plan.json' });
    assert.ok(existsSync(join(r.workspaces.plan!, 'segment-criteria.plan.json')), 'the plan is written with --out');
    assert.deepEqual(r.steps.find((s) => s.job === 'plan' && s.step === 'Plan')?.secrets, ['CTCT_REFRESH_TOKEN']);
    assert.equal(created().length, 0, 'plan changes nothing');
  });

  it('applies on a push to main: the segments are created, their ids committed back, and the next plan has nothing to do', { skip: planAndApply ? false : NOT_YET }, async () => {
    // The pull request is merged.
    git(runner.home, '--git-dir', runner.origin, 'update-ref', 'refs/heads/main', 'refs/heads/add-segments');
    const r = await runner.run({ name: 'push', ref: 'refs/heads/main', branch: 'main' });
    assert.deepEqual(r.jobs, { check: 'success', plan: 'skipped', apply: 'success' }, JSON.stringify(r.steps, null, 2));
    assert.deepEqual(r.cli.find((c) => c.args.startsWith('apply ')), { code: 0, args: 'apply segments/' });
    const names = created().map((s) => s.name).sort();
    assert.deepEqual(names, exampleNames());
    // The ids came back to main, so a new pull request's plan finds nothing to do, and a second apply creates nothing.
    const log = git(runner.home, '--git-dir', runner.origin, 'log', '--format=%s', 'main');
    assert.match(log, /^Bind the segment files to their segments$/m);
    runner.commit('next', 'main', () => {}, 'Nothing changes');
    const again = await runner.run({ name: 'pull_request', ref: 'refs/pull/5/merge', branch: 'next' });
    assert.equal(again.jobs.plan, 'success');
    assert.deepEqual(again.cli.find((c) => c.args.startsWith('plan '))?.code, 0);
    const reapply = await runner.run({ name: 'push', ref: 'refs/heads/main', branch: 'main' });
    assert.equal(reapply.jobs.apply, 'success');
    assert.equal(created().length, exampleNames().length, 'applying again creates nothing');
  });
});
