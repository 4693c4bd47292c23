/**
 * A fast path for the parse: text that is plain JSON (comments allowed) read straight into the tree
 * jsonc-parser's `parseTree` would build, node for node (same types, offsets, lengths, values, colon offsets,
 * parents). jsonc-parser reads through a general scanner and a visitor of callbacks, and builds each string
 * a character at a time: on a document at the API's criteria cap that was most of an edit's check. Anything
 * this reader does not accept as it stands (a syntax error, JSON5-style blanks, nesting past the limit) makes
 * it give up and return undefined, and the caller parses with jsonc-parser, which recovers from errors and
 * reports them. So the two never disagree: a property test holds this reader to jsonc-parser.
 */
import type { Node } from 'jsonc-parser';

/** A node while it is built (jsonc-parser's type is read-only). */
type Building = { -readonly [K in keyof Node]: Node[K] } & { children: Node[] };

/** A node's children until they are read (never handed out). */
const NO_CHILDREN: Node[] = [];

/** Strings up to this long are shared, and up to this many of them. */
const SHARED_MAX = 12;
const SHARED_COUNT = 2048;

/** Thrown inside the reader to give up; never escapes it. */
const GIVE_UP = Symbol('not plain JSON');

/**
 * The tree of `text`, or undefined when the text is not plain JSON (comments allowed) or nests objects and
 * arrays deeper than `maxDepth`.
 */
export function strictTree(text: string, maxDepth: number): Node | undefined {
  const len = text.length;
  let pos = 0;
  let depth = 0;

  const giveUp = (): never => {
    throw GIVE_UP;
  };

  /** Skips blanks and comments; the code of the next character, or -1 at the end. */
  function skip(): number {
    while (pos < len) {
      const c = text.charCodeAt(pos);
      // Most calls land on a token at once: anything above a blank but a slash is one.
      if (c > 32 && c !== 47) return c;
      if (c === 32 || c === 10 || c === 13 || c === 9) {
        pos++;
      } else if (c === 47 /* / */) {
        const next = text.charCodeAt(pos + 1);
        if (next === 47) {
          pos += 2;
          while (pos < len) {
            const e = text.charCodeAt(pos);
            if (e === 10 || e === 13) break;
            pos++;
          }
        } else if (next === 42 /* * */) {
          const end = text.indexOf('*/', pos + 2);
          if (end < 0) giveUp();
          pos = end + 2;
        } else {
          giveUp();
        }
      } else {
        return c;
      }
    }
    return -1;
  }

  /** A string token at `pos` (its opening quote): its value; `pos` moves past the closing quote. */
  function readString(): string {
    const start = pos;
    let escaped = false;
    for (pos++; pos < len; pos++) {
      const c = text.charCodeAt(pos);
      if (c === 34) {
        pos++;
        if (!escaped) return pos - start <= SHARED_MAX + 2 ? shared(text.slice(start + 1, pos - 1)) : text.slice(start + 1, pos - 1);
        try {
          return JSON.parse(text.slice(start, pos)) as string;
        } catch {
          return giveUp();
        }
      }
      if (c === 92 /* \ */) {
        escaped = true;
        pos++;
      } else if (c < 0x20) {
        giveUp(); // a control character or line break: jsonc-parser reports it
      }
    }
    return giveUp(); // unterminated
  }

  function readNumber(): number {
    const start = pos;
    if (text.charCodeAt(pos) === 45 /* - */) pos++;
    const first = text.charCodeAt(pos);
    if (first === 48) {
      pos++;
    } else if (first >= 49 && first <= 57) {
      while (isDigit(text.charCodeAt(pos))) pos++;
    } else {
      giveUp();
    }
    if (text.charCodeAt(pos) === 46 /* . */) {
      pos++;
      if (!isDigit(text.charCodeAt(pos))) giveUp();
      while (isDigit(text.charCodeAt(pos))) pos++;
    }
    const e = text.charCodeAt(pos);
    if (e === 101 || e === 69) {
      pos++;
      const sign = text.charCodeAt(pos);
      if (sign === 43 || sign === 45) pos++;
      if (!isDigit(text.charCodeAt(pos))) giveUp();
      while (isDigit(text.charCodeAt(pos))) pos++;
    }
    // A number runs into the next token only through a separator or a blank, as in jsonc-parser's scanner.
    if (isWordChar(text.charCodeAt(pos))) giveUp();
    return Number(text.slice(start, pos));
  }

  function readWord(word: string): void {
    if (!text.startsWith(word, pos) || isWordChar(text.charCodeAt(pos + word.length))) giveUp();
    pos += word.length;
  }

  function readValue(parent: Node | undefined): Node {
    const c = skip();
    const offset = pos;
    switch (c) {
      case 123 /* { */:
        return readObject(parent);
      case 91 /* [ */:
        return readArray(parent);
      case 34 /* " */: {
        const value = readString();
        return { type: 'string', offset, length: pos - offset, parent, value } as Node;
      }
      case 116 /* t */:
        readWord('true');
        return { type: 'boolean', offset, length: 4, parent, value: true } as Node;
      case 102 /* f */:
        readWord('false');
        return { type: 'boolean', offset, length: 5, parent, value: false } as Node;
      case 110 /* n */:
        readWord('null');
        return { type: 'null', offset, length: 4, parent, value: null } as Node;
      default: {
        if (c !== 45 && !isDigit(c)) giveUp();
        const value = readNumber();
        return { type: 'number', offset, length: pos - offset, parent, value } as Node;
      }
    }
  }

  // Memory: a 3 MB document has a quarter of a million nodes. Each is made whole, in one shape (a property
  // with its colon offset), and each list of children is copied out of a shared stack at its exact length:
  // an array grown by push keeps room for 17, which made the tree a third larger.
  const stack: Node[] = [];
  // Keys and short values repeat (source, field, op, contact, eq…): one string for each, not one per node.
  const seen = new Map<string, string>();
  const shared = (s: string): string => {
    const known = seen.get(s);
    if (known !== undefined) return known;
    if (seen.size < SHARED_COUNT) seen.set(s, s);
    return s;
  };

  function readObject(parent: Node | undefined): Node {
    if (++depth > maxDepth) giveUp();
    const node: Building = { type: 'object', offset: pos, length: -1, parent, children: NO_CHILDREN };
    const base = stack.length;
    pos++;
    let c = skip();
    if (c !== 125 /* } */) {
      for (;;) {
        if (c !== 34) giveUp();
        const keyOffset = pos;
        const key = readString();
        const keyLength = pos - keyOffset;
        if (skip() !== 58 /* : */) giveUp();
        const property: Building = { type: 'property', offset: keyOffset, length: -1, parent: node, children: NO_CHILDREN, colonOffset: pos };
        pos++;
        const keyNode = { type: 'string', offset: keyOffset, length: keyLength, parent: property, value: key } as Node;
        const value = readValue(property);
        property.children = [keyNode, value];
        property.length = value.offset + value.length - keyOffset;
        stack.push(property);
        c = skip();
        if (c === 44 /* , */) {
          pos++;
          c = skip();
          continue;
        }
        if (c === 125) break;
        giveUp();
      }
    }
    node.children = stack.splice(base);
    pos++;
    node.length = pos - node.offset;
    depth--;
    return node;
  }

  function readArray(parent: Node | undefined): Node {
    if (++depth > maxDepth) giveUp();
    const node: Building = { type: 'array', offset: pos, length: -1, parent, children: NO_CHILDREN };
    const base = stack.length;
    pos++;
    let c = skip();
    if (c !== 93 /* ] */) {
      for (;;) {
        stack.push(readValue(node));
        c = skip();
        if (c === 44) {
          pos++;
          continue;
        }
        if (c === 93) break;
        giveUp();
      }
    }
    node.children = stack.splice(base);
    pos++;
    node.length = pos - node.offset;
    depth--;
    return node;
  }

  try {
    if (skip() < 0) return undefined; // empty: jsonc-parser reports the missing value
    const root = readValue(undefined);
    if (skip() >= 0) return undefined; // more after the value
    delete (root as { parent?: Node }).parent;
    return root;
  } catch (e) {
    if (e === GIVE_UP) return undefined;
    throw e;
  }
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** Characters jsonc-parser's scanner would read as part of an unknown word after a literal. */
function isWordChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 36 || c === 46 || c === 43 || c === 45 || c > 127;
}
