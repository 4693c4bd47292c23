/**
 * The guide's grouping rules, which JSON Schema cannot express:
 * - an `or` group holds criteria of one source only, and no `and` group ("(tracking and tracking) or tracking");
 * - `or` in `or` and `and` in `and` are redundant (warnings, with a fix that flattens);
 * - list_membership and tags join only with `or`: under the top `and`, each appears once.
 */
import { getNodePath } from 'jsonc-parser';
import { type GroupNode, type MemberNode, spanOf } from '../document';
import { problem, type Problems, q } from '../problems';
import { sourceSpec } from '../vocabulary';

/** The source of a member: a criterion's source, or the one source of an `or` group of criteria. */
function memberSource(m: MemberNode): string | undefined {
  if (m.kind === 'criterion') {
    const s = m.props.get('source')?.value;
    return typeof s === 'string' ? s : undefined;
  }
  if (m.type !== 'or') return undefined;
  const sources = new Set(m.members.map(memberSource));
  return sources.size === 1 ? [...sources][0] : undefined;
}

function markOf(g: GroupNode) {
  return spanOf(g.view, g.typeNode ?? g.node);
}

export function checkGrouping(top: GroupNode, out: Problems): void {
  walk(top, out);
  checkOnceUnderAnd(top, out);
}

function walk(group: GroupNode, out: Problems): void {
  for (const m of group.members) {
    if (m.kind !== 'group') continue;
    if (group.type === 'or' && m.type === 'and') {
      out.add(
        problem(
          'and-in-or',
          markOf(m),
          'An "and" group cannot sit inside an "or" group: the API does not support "(tracking and tracking) or tracking". Put "or" groups inside the top "and" instead.',
        ),
      );
    } else if (group.type === m.type && (m.type === 'or' || m.type === 'and')) {
      const word = m.type;
      out.add(
        problem(
          word === 'or' ? 'or-in-or' : 'and-in-and',
          markOf(m),
          `An "${word}" group inside an "${word}" group is redundant: its members can join the outer group directly (the meaning is the same).`,
          m.view.inner ? undefined : { path: getNodePath(m.node) },
        ),
      );
    }
    walk(m, out);
  }
  if (group.type === 'or') checkOneSource(group, out);
}

function checkOneSource(group: GroupNode, out: Problems): void {
  let first: string | undefined;
  for (const m of group.members) {
    const s = memberSource(m);
    if (s === undefined || !sourceSpec(s)) continue;
    if (first === undefined) {
      first = s;
      continue;
    }
    if (s !== first) {
      const at = m.kind === 'criterion' ? m.props.get('source') ?? m.node : m.typeNode ?? m.node;
      out.add(
        problem(
          'mixed-sources-in-or',
          spanOf(m.view, at),
          `An "or" group holds criteria of one source only: this one is ${q(s)} but the group's first is ${q(first)}. Different sources join with "and": move this criterion out of the "or" group, into the top "and".`,
        ),
      );
    }
  }
}

/** Members reached through `and` groups from the top: they are all joined by `and`. */
function andMembers(group: GroupNode): MemberNode[] {
  const out: MemberNode[] = [];
  for (const m of group.members) {
    if (m.kind === 'group' && m.type === 'and') out.push(...andMembers(m));
    else out.push(m);
  }
  return out;
}

function checkOnceUnderAnd(top: GroupNode, out: Problems): void {
  if (top.type !== 'and') return;
  const members = andMembers(top);
  for (const id of ['list_membership', 'tags'] as const) {
    const found = members.filter((m) => memberSource(m) === id);
    for (const extra of found.slice(1)) {
      const at = extra.kind === 'criterion' ? extra.props.get('source') ?? extra.node : extra.typeNode ?? extra.node;
      const what = id === 'tags' ? 'tags' : 'list membership';
      out.add(
        problem(
          id === 'tags' ? 'repeated-tags' : 'repeated-list-membership',
          spanOf(extra.view, at),
          `Only one ${what} criterion or "or" group may sit under the top "and": the API does not support "${id} and ${id}". ` +
            `Keep one, or merge them into one "or" group (which selects contacts matching any of them).`,
          extra.view.inner ? undefined : { path: getNodePath(extra.node), firstPath: getNodePath(found[0]!.node), source: id },
        ),
      );
    }
  }
}

