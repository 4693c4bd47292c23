/**
 * Where the cursor is, in the language's terms: which object (the file, segment_criteria, a group, a
 * criterion) and which key's value. Shared by completions and hovers.
 */
import { findNodeAtLocation, getLocation, type Location, type Node } from 'jsonc-parser';
import { isGroupLike, type SegmentDocument } from './document';

export type Role = 'file' | 'segmentCriteria' | 'group' | 'topGroup' | 'criterion' | 'member' | 'other';

export interface CursorContext {
  location: Location;
  /** The path of the object the cursor is in (for keys) or whose key's value it is at. */
  objectPath: (string | number)[];
  object?: Node;
  role: Role;
  /** The key whose value is at the cursor (undefined at a key position or in an array). */
  valueKey?: string;
  /** The group that holds the object, when the object is a group member. */
  parentGroup?: Node;
  /** True when the cursor is at an item position of a group's member list. */
  inMemberList: boolean;
}

/** The path of the top criteria group for the document's shape. */
export function criteriaPath(doc: SegmentDocument): (string | number)[] {
  switch (doc.shape) {
    case 'request':
    case 'fragment-segment-criteria':
      return ['criteria'];
    case 'fragment-criteria':
      return [];
    default:
      return ['segment_criteria', 'criteria'];
  }
}

function startsWith(path: (string | number)[], prefix: (string | number)[]): boolean {
  return prefix.length <= path.length && prefix.every((p, i) => path[i] === p);
}

export function roleOf(doc: SegmentDocument, path: (string | number)[], node: Node | undefined): Role {
  const top = criteriaPath(doc);
  if (path.length === top.length && startsWith(path, top)) return 'topGroup';
  if (doc.shape !== 'fragment-criteria' && path.length === top.length - 1 && startsWith(path, top.slice(0, -1))) {
    return path.length === 0 && doc.shape !== 'fragment-segment-criteria' ? 'file' : 'segmentCriteria';
  }
  if (path.length === 0) return 'file';
  if (!startsWith(path, top)) return 'other';
  const rest = path.slice(top.length);
  // group/N/group/M/... : members alternate 'group' and an index.
  if (rest.length % 2 === 0 && rest.every((p, i) => (i % 2 === 0 ? p === 'group' : typeof p === 'number'))) {
    if (node && isGroupLike(node)) return 'group';
    if (node && node.type === 'object' && (node.children?.length ?? 0) > 0) return 'criterion';
    return 'member';
  }
  return 'other';
}

export function cursorContext(doc: SegmentDocument, offset: number): CursorContext {
  const location = getLocation(doc.text, offset);
  const path = location.path;
  const root = doc.outer.root;
  let objectPath: (string | number)[];
  let valueKey: string | undefined;
  let inMemberList = false;
  if (location.isAtPropertyKey) {
    objectPath = path.slice(0, -1);
  } else {
    const last = path[path.length - 1];
    if (typeof last === 'number') {
      objectPath = path.slice(0, -1);
      inMemberList = objectPath[objectPath.length - 1] === 'group';
      if (inMemberList) objectPath = objectPath.slice(0, -1);
    } else {
      objectPath = path.slice(0, -1);
      valueKey = last;
    }
  }
  const object = root ? (objectPath.length ? findNodeAtLocation(root, objectPath) : root) : undefined;
  const role = roleOf(doc, objectPath, object);
  const parentPath = objectPath.slice(0, -2);
  const parentGroup = root && objectPath[objectPath.length - 2] === 'group' ? (parentPath.length ? findNodeAtLocation(root, parentPath) : root) : undefined;
  return { location, objectPath, object, role, valueKey, parentGroup, inMemberList };
}
