/**
 * The guide's grouping rules, as answers about a segment tree: rules/grouping.ts reports what breaks them
 * and completion offers only what keeps them, so the two cannot disagree.
 * - an `or` group sits inside an `and`, never an `and` inside an `or`; a group inside one of its own type is
 *   redundant;
 * - an `or` group holds criteria of one source only;
 * - the sources that join only with `or` (the vocabulary's `onlyOnceUnderAnd`) appear once under the top `and`.
 */
import type { Node } from 'jsonc-parser';
import { type GroupNode, groupsOf, type MemberNode } from './document';
import { SOURCES, type SourceId, type SourceSpec, sourceSpec } from './vocabulary';

/** How a group of type `inner` sits inside one of type `outer`; undefined when either type is not and / or. */
export function nesting(outer: unknown, inner: unknown): 'supported' | 'redundant' | 'unsupported' | undefined {
  if ((outer !== 'and' && outer !== 'or') || (inner !== 'and' && inner !== 'or')) return undefined;
  if (outer === inner) return 'redundant';
  return outer === 'and' ? 'supported' : 'unsupported';
}

/** The source of a member: a criterion's source, or the one source of an `or` group of criteria. */
export function memberSource(m: MemberNode): string | undefined {
  if (m.kind === 'criterion') {
    const s = m.props.get('source')?.value;
    return typeof s === 'string' ? s : undefined;
  }
  if (m.type !== 'or') return undefined;
  const sources = new Set(m.members.map(memberSource));
  return sources.size === 1 ? [...sources][0] : undefined;
}

/** The source every member of an `or` group must have: its first member's known one (`except` aside). */
export function orSource(group: GroupNode, except?: MemberNode): SourceId | undefined {
  for (const m of group.members) {
    if (m === except) continue;
    const spec = sourceSpec(memberSource(m));
    if (spec) return spec.id;
  }
  return undefined;
}

/** The sources that join only with `or`, from the vocabulary. */
export const ONCE_UNDER_AND: readonly SourceSpec[] = SOURCES.filter((s) => s.onlyOnceUnderAnd);

/** Whether a group's members are joined by `and` with the top's: the top `and`, or `and` groups reached from it through `and` groups. */
export function joinsTopAnd(group: GroupNode): boolean {
  return group.type === 'and' && (!group.parent || joinsTopAnd(group.parent));
}

/** Members joined by `and` with the top's (reached from the top through `and` groups). */
export function andMembers(group: GroupNode): MemberNode[] {
  const out: MemberNode[] = [];
  for (const m of group.members) {
    if (m.kind === 'group' && m.type === 'and') out.push(...andMembers(m));
    else out.push(m);
  }
  return out;
}

/** The top `and` group's once-only sources that members other than `except` already use. */
export function onceSourcesTaken(top: GroupNode, except?: MemberNode): Set<SourceId> {
  const taken = new Set<SourceId>();
  if (top.type !== 'and') return taken;
  for (const m of andMembers(top)) {
    if (m === except) continue;
    const spec = sourceSpec(memberSource(m));
    if (spec?.onlyOnceUnderAnd) taken.add(spec.id);
  }
  return taken;
}

/** The sources a member of `group` may have (`member`'s own source aside): what the checks then accept. */
export function sourcesAllowedIn(top: GroupNode, group: GroupNode, member?: MemberNode): SourceId[] {
  const all = SOURCES.map((s) => s.id);
  if (group.type === 'or') {
    const one = orSource(group, member);
    return one ? [one] : all;
  }
  if (!joinsTopAnd(group)) return all;
  const taken = onceSourcesTaken(top, member);
  return all.filter((s) => !taken.has(s));
}

/** The segment tree's group and member for jsonc-parser nodes (completion starts from the cursor's nodes). */
export function groupOf(top: GroupNode | undefined, node: Node | undefined): GroupNode | undefined {
  if (!top || !node) return undefined;
  for (const g of groupsOf(top)) if (g.node === node) return g;
  return undefined;
}

export function memberOf(group: GroupNode | undefined, node: Node | undefined): MemberNode | undefined {
  return node ? group?.members.find((m) => m.node === node) : undefined;
}
