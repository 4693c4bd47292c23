/**
 * The length of JSON.stringify(value) for a node of a tree that parsed without a syntax error, read from the
 * tree instead of serializing: the API's cap on the escaped criteria is checked on every edit, and the
 * serialization of a document at the cap cost a sixth of the check. Undefined when an object repeats a key
 * (JSON keeps only the last): the caller serializes then.
 */
import type { Node } from 'jsonc-parser';

export function jsonLength(node: Node): number | undefined {
  switch (node.type) {
    case 'string': {
      const v = node.value as string;
      // A token without escapes is exactly what JSON.stringify writes, unless it holds a lone surrogate
      // (written as \uXXXX); any escape makes the value shorter than the token.
      return v.length === node.length - 2 && wellFormed(v) ? node.length : JSON.stringify(v).length;
    }
    case 'number':
    case 'boolean':
    case 'null':
      return JSON.stringify(node.value).length;
    case 'array': {
      const items = node.children ?? [];
      let total = 1 + Math.max(items.length, 1);
      for (const item of items) {
        const n = jsonLength(item);
        if (n === undefined) return undefined;
        total += n;
      }
      return total;
    }
    case 'object': {
      const properties = node.children ?? [];
      let total = 1 + Math.max(properties.length, 1);
      for (let i = 0; i < properties.length; i++) {
        const [key, value] = properties[i]!.children ?? [];
        if (!key || !value) return undefined;
        for (let j = 0; j < i; j++) if (properties[j]!.children?.[0]?.value === key.value) return undefined;
        const k = jsonLength(key);
        const v = jsonLength(value);
        if (k === undefined || v === undefined) return undefined;
        total += k + 1 + v;
      }
      return total;
    }
    default:
      return undefined;
  }
}

/** String.prototype.isWellFormed (Node 20), which this project's TypeScript library does not declare yet. */
const wellFormed = (s: string): boolean => (s as string & { isWellFormed(): boolean }).isWellFormed();
