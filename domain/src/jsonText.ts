/**
 * JSON printed from a parse tree with every string and number as it was written: a criterion this product
 * does not understand (the web UI's ecommerce criteria) reaches the API exactly as Constant Contact sent it
 * (10.50 stays 10.50, a 20-digit id keeps its digits, "\u00e9" keeps its escape), key order included.
 * Layout follows JSON.stringify: compact, or two-space indented as pull writes files.
 */
import { parseTree, type Node, type ParseError } from 'jsonc-parser';

/** The tree of a JSON (or JSON with comments) text, or undefined when it has errors. */
export function jsonTree(text: string): Node | undefined {
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { allowTrailingComma: true, disallowComments: false });
  return errors.length ? undefined : root;
}

function raw(text: string, node: Node): string {
  return text.slice(node.offset, node.offset + node.length);
}

/** Compact JSON of `node`, as JSON.stringify(value) lays it out, with its tokens as written. */
export function compactJson(text: string, node: Node): string {
  if (node.type === 'object') return `{${(node.children ?? []).map((p) => `${raw(text, p.children![0]!)}:${compactJson(text, p.children![1]!)}`).join(',')}}`;
  if (node.type === 'array') return `[${(node.children ?? []).map((c) => compactJson(text, c)).join(',')}]`;
  return raw(text, node);
}

/** Indented JSON of `node`, as JSON.stringify(value, null, indent) lays it out at `depth`, tokens as written. */
export function prettyJson(text: string, node: Node, indent = '  ', depth = 0): string {
  const children = node.children ?? [];
  if ((node.type !== 'object' && node.type !== 'array') || children.length === 0) return node.type === 'object' ? '{}' : node.type === 'array' ? '[]' : raw(text, node);
  const pad = indent.repeat(depth + 1);
  const items = children.map((c) => (node.type === 'object' ? `${pad}${raw(text, c.children![0]!)}: ${prettyJson(text, c.children![1]!, indent, depth + 1)}` : `${pad}${prettyJson(text, c, indent, depth + 1)}`));
  const [open, close] = node.type === 'object' ? ['{', '}'] : ['[', ']'];
  return `${open}\n${items.join(',\n')}\n${indent.repeat(depth)}${close}`;
}
