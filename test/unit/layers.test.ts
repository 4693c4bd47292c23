// The layers, from the bottom: the language service, the API client, the domain, then the front ends (the
// LSP wiring, the CLI, the extension, the sandbox). This test reads every import of the product's sources
// and fails when one runs from a lower layer to a higher one, when the extension reaches the language
// service other than through the protocol, or when two folders inside client/src import each other.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { CLIENT_MAY_USE } from './clientBoundary';

const root = resolve(import.meta.dirname, '../..');

type Layer = 'language' | 'api' | 'domain' | 'server' | 'cli' | 'client' | 'sandbox';

const LAYERS: [string, Layer][] = [
  ['server/src/language/', 'language'],
  ['api/src/', 'api'],
  ['domain/src/', 'domain'],
  ['server/src/', 'server'],
  ['cli/src/', 'cli'],
  ['client/src/', 'client'],
  ['sandbox/src/', 'sandbox'],
];

/** What each layer may import of the product (its own layer always). */
const MAY_IMPORT: Record<Layer, Layer[]> = {
  language: [],
  api: [],
  domain: ['api', 'language'],
  server: ['language'],
  cli: ['domain', 'api', 'language', 'sandbox'],
  client: ['domain', 'api', 'language', 'server'],
  sandbox: ['api', 'language'],
};

/** The language service imports no editor, no LSP and no network: only these packages and Node's own modules. */
const LANGUAGE_PACKAGES = ['jsonc-parser', 'ajv'];
const NETWORK_MODULES = ['node:http', 'node:https', 'node:net', 'http', 'https', 'net'];


interface Import {
  from: string;
  /** A project file (relative to the root) or a package name. */
  to: string;
  typeOnly: boolean;
}

function sources(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) sources(p, out);
    else if (name.endsWith('.ts')) out.push(p);
  }
  return out;
}

function importsOf(file: string): Import[] {
  const text = readFileSync(file, 'utf8');
  const from = relative(root, file);
  const out: Import[] = [];
  const found = /(^|\n)\s*(import|export)\s+(type\s+)?[^'";]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;
  for (const m of text.matchAll(found)) {
    const spec = (m[4] ?? m[5])!;
    const typeOnly = !!m[3] || /typeof import\(/.test(text.slice(Math.max(0, m.index! - 7), m.index! + 7));
    const to = spec.startsWith('.') ? `${relative(root, resolve(dirname(file), spec)).replace(/\.js$/, '')}.ts` : spec;
    out.push({ from, to, typeOnly });
  }
  return out;
}

function layerOf(path: string): Layer | undefined {
  return LAYERS.find(([prefix]) => path.startsWith(prefix))?.[1];
}

const SOURCE_FOLDERS = ['server/src', 'api/src', 'domain/src', 'cli/src', 'client/src', 'sandbox/src'];
const imports = SOURCE_FOLDERS.flatMap((dir) => sources(join(root, dir))).flatMap(importsOf);

describe('the layers', () => {
  it('reads the imports of every layer', () => {
    for (const [, layer] of LAYERS) assert.ok(imports.some((i) => layerOf(i.from) === layer), `no source found for ${layer}`);
  });

  it('no import runs from a lower layer to a higher one', () => {
    const crossed = imports.filter((i) => {
      const a = layerOf(i.from)!;
      const b = layerOf(i.to);
      return b !== undefined && b !== a && !MAY_IMPORT[a].includes(b) && !(i.typeOnly && a === 'client' && b === 'sandbox');
    });
    assert.deepEqual(crossed.map((i) => `${i.from} -> ${i.to}`), []);
  });

  it('the language service imports no editor, LSP or network module', () => {
    const outside = imports.filter((i) => layerOf(i.from) === 'language' && layerOf(i.to) === undefined && !i.to.startsWith('node:') && !LANGUAGE_PACKAGES.some((p) => i.to === p || i.to.startsWith(`${p}/`)));
    const network = imports.filter((i) => layerOf(i.from) === 'language' && NETWORK_MODULES.includes(i.to));
    assert.deepEqual([...outside, ...network].map((i) => `${i.from} -> ${i.to}`), []);
  });

  it('the extension reaches the language service only through the protocol and its plain data', () => {
    const reached = imports.filter((i) => layerOf(i.from) === 'client' && i.to.startsWith('server/') && !CLIENT_MAY_USE.has(i.to));
    assert.deepEqual(reached.map((i) => `${i.from} -> ${i.to}`), []);
  });

  it('no two folders inside client/src import each other', () => {
    const folderOf = (p: string) => p.split('/')[2]!;
    const inside = (p: string) => p.startsWith('client/src/') && p.split('/').length > 3;
    const pairs = new Set(imports.filter((i) => inside(i.from) && inside(i.to) && folderOf(i.from) !== folderOf(i.to)).map((i) => `${folderOf(i.from)} -> ${folderOf(i.to)}`));
    const both = [...pairs].filter((p) => pairs.has(p.split(' -> ').reverse().join(' -> ')));
    assert.deepEqual(both, []);
  });
});
