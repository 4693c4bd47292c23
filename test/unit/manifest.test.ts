/**
 * The extension's manifest: the snippets and the walkthrough name files that exist and that the VSIX ships
 * (.vscodeignore), commands that are contributed, the language server's scripts ship in the VSIX and the
 * npm package, and segment files default to a two-space indent.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';

const root = new URL('../../', import.meta.url);
const pkg = JSON.parse(readFileSync(new URL('package.json', root), 'utf8'));
const contributes = pkg.contributes;
const commands = new Set<string>(contributes.commands.map((c: { command: string }) => c.command));

interface Step {
  id: string;
  description: string;
  media: { markdown?: string; image?: string; svg?: string };
  completionEvents?: string[];
}

/**
 * Whether the VSIX keeps `path`: .vscodeignore excludes everything (`**`) and lists what ships with `!`.
 * Or the npm package, from .npmignore, written the same way.
 */
function shipped(path: string, ignoreFile = '.vscodeignore'): boolean {
  const kept = readFileSync(new URL(ignoreFile, root), 'utf8')
    .split('\n')
    .filter((l) => l.startsWith('!'))
    .map((l) => new RegExp(`^${l.slice(1).replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*\*/g, '\u0000').replace(/\*/g, '[^/]*').replace(/\u0000/g, '.*')}$`));
  return kept.some((r) => r.test(path.replace(/^\.\//, '')));
}

function assertShippedFile(path: string, what: string): void {
  assert.ok(existsSync(new URL(path.replace(/^\.\//, ''), root)), `${what}: ${path} does not exist`);
  assert.ok(shipped(path), `${what}: .vscodeignore leaves ${path} out of the VSIX`);
}

describe('the manifest', () => {
  it('contributes the snippets file for segment-json, shipped in the VSIX', () => {
    const languages = new Set(contributes.languages.map((l: { id: string }) => l.id));
    assert.ok(contributes.snippets.length > 0, 'no snippets contributed');
    for (const s of contributes.snippets) {
      assert.ok(languages.has(s.language), `snippets for an unknown language ${s.language}`);
      assertShippedFile(s.path, 'snippets');
    }
  });

  it('has a walkthrough whose steps have media that ship and commands that are contributed', () => {
    const [walkthrough] = contributes.walkthroughs as { steps: Step[] }[];
    assert.ok(walkthrough, 'no walkthrough contributed');
    const ids = walkthrough.steps.map((s) => s.id);
    assert.deepEqual(ids, ['openExample', 'signInSandbox', 'deploy', 'preview', 'checkInCi']);
    for (const step of walkthrough.steps) {
      const media = step.media.markdown ?? step.media.image ?? step.media.svg;
      assert.ok(media, `${step.id}: no media`);
      assertShippedFile(media, step.id);
      for (const m of step.description.matchAll(/\(command:([\w.]+)/g)) assert.ok(commands.has(m[1]!), `${step.id} links to ${m[1]}, which is not contributed`);
      for (const e of step.completionEvents ?? []) {
        if (e.startsWith('onCommand:')) assert.ok(commands.has(e.slice('onCommand:'.length)), `${step.id} completes on ${e}, which is not contributed`);
      }
    }
    const steps = Object.fromEntries(walkthrough.steps.map((s) => [s.id, s]));
    assert.deepEqual(steps.openExample!.completionEvents, ['onCommand:segmentCriteria.newSegment']);
    assert.ok(steps.signInSandbox!.completionEvents!.includes('onCommand:segmentCriteria.useSandbox'));
    assert.deepEqual(steps.deploy!.completionEvents, ['onCommand:segmentCriteria.deploy']);
    assert.deepEqual(steps.preview!.completionEvents, ['onCommand:segmentCriteria.preview']);
    assert.match(readFileSync(new URL(steps.checkInCi!.media.markdown!, root), 'utf8'), /segment-criteria check/);
  });

  it('contributes "New Segment File" in the Segment Criteria category, also under File > New File', () => {
    const c = contributes.commands.find((x: { command: string }) => x.command === 'segmentCriteria.newSegment');
    assert.deepEqual([c?.title, c?.category], ['New Segment File', 'Segment Criteria']);
    assert.ok(contributes.menus['file/newFile'].some((m: { command: string }) => m.command === 'segmentCriteria.newSegment'));
  });

  it('ships the scripts the language server starts beside it, in the VSIX and the npm package', () => {
    const server = readFileSync(new URL('server/src/server.ts', root), 'utf8');
    const beside = [...server.matchAll(/join\(__dirname, '([^']+)'\)/g)].map((m) => `dist/${m[1]}`);
    assert.ok(beside.length > 0, 'the server starts its worker from a script beside it');
    for (const path of ['dist/server.js', ...beside]) {
      assert.ok(shipped(path), `.vscodeignore leaves ${path} out of the VSIX`);
      assert.ok(shipped(path, '.npmignore'), `.npmignore leaves ${path} out of the npm package`);
    }
  });

  it('indents segment files with two spaces by default, like the examples', () => {
    const d = contributes.configurationDefaults['[segment-json]'];
    assert.equal(d['editor.tabSize'], 2);
    assert.equal(d['editor.insertSpaces'], true);
    const example = readFileSync(new URL('examples/engaged-new-england.segment.json', root), 'utf8');
    assert.match(example, /\n  "name": /);
  });
});
