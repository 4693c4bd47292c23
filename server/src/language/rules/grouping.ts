/**
 * Reports what breaks the guide's grouping rules (../grouping.ts says what they are, for completion too),
 * which JSON Schema cannot express:
 * - an `or` group holds criteria of one source only, and no `and` group ("(tracking and tracking) or tracking");
 * - `or` in `or` and `and` in `and` are redundant (warnings, with a fix that flattens);
 * - list_membership and tags join only with `or`: under the top `and`, each appears once.
 */
import { getNodePath } from 'jsonc-parser';
import type { Code } from '../codes';
import { type GroupNode, spanOf } from '../document';
import { andMembers, memberSource, nesting, ONCE_UNDER_AND, orSource } from '../grouping';
import { problem, type Problems, q } from '../problems';
import { type SourceId, sourceSpec } from '../vocabulary';

/** The code for a second member of a source that joins only with `or`. */
const REPEATED: Record<SourceId, Extract<Code, `repeated-${string}`> | undefined> = {
  list_membership: 'repeated-list-membership',
  tags: 'repeated-tags',
  tracking: undefined,
  contact: undefined,
};

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
    const how = nesting(group.type, m.type);
    if (how === 'unsupported') {
      out.add(
        problem(
          'and-in-or',
          markOf(m),
          'An "and" group cannot sit inside an "or" group: the API does not support "(tracking and tracking) or tracking". Put "or" groups inside the top "and" instead.',
        ),
      );
    } else if (how === 'redundant') {
      const word = m.type === 'or' ? 'or' : 'and';
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
  const first = orSource(group);
  if (first === undefined) return;
  for (const m of group.members) {
    const s = memberSource(m);
    if (s === undefined || s === first || !sourceSpec(s)) continue;
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

function checkOnceUnderAnd(top: GroupNode, out: Problems): void {
  if (top.type !== 'and') return;
  const members = andMembers(top);
  for (const spec of ONCE_UNDER_AND) {
    const id = spec.id;
    const code = REPEATED[id];
    if (!code) continue;
    const found = members.filter((m) => memberSource(m) === id);
    for (const extra of found.slice(1)) {
      const at = extra.kind === 'criterion' ? extra.props.get('source') ?? extra.node : extra.typeNode ?? extra.node;
      out.add(
        problem(
          code,
          spanOf(extra.view, at),
          `Only one ${spec.label} criterion or "or" group may sit under the top "and": the API does not support "${id} and ${id}". ` +
            `Keep one, or merge them into one "or" group (which selects contacts matching any of them).`,
          extra.view.inner ? undefined : { path: getNodePath(extra.node), firstPath: getNodePath(found[0]!.node), source: id },
        ),
      );
    }
  }
}
