/**
 * Completions at the cursor: the keys valid in that object, the values valid for that key (sources,
 * fields per source, operators per field, constants per operator, the account's ids by name), and
 * snippets for whole criteria in a group's member list. Nothing is offered that would be invalid there.
 */
import type { Node } from 'jsonc-parser';
import { type CursorContext, cursorContext } from './context';
import { property, type SegmentDocument } from './document';
import { groupOf, memberOf, nesting, sourcesAllowedIn } from './grouping';
import { SEGMENT_SNIPPET } from './snippets';
import type { AccountData, CompletionItem, Range } from './types';
import {
  CONST_DATE_VALUES,
  CRITERIA_VERSION,
  type FieldKindId,
  GROUP_TYPES,
  type OpId,
  SOURCES,
  type SourceId,
  constDateDoc,
  constDoc,
  constValuesFor,
  fieldSpec,
  formOf,
  formsFor,
  isOp,
  opSpec,
  opsForKind,
  sourceSpec,
} from './vocabulary';

interface Criterion {
  source?: SourceId;
  fieldName?: string;
  kind?: FieldKindId;
  op?: OpId;
  constValue?: unknown;
}

function criterionOf(node: Node | undefined): Criterion {
  const source = sourceSpec(property(node, 'source')?.value);
  const fieldName = property(node, 'field')?.value;
  const field = source ? fieldSpec(source, fieldName) : undefined;
  const op = property(node, 'op')?.value;
  return {
    source: source?.id,
    fieldName: typeof fieldName === 'string' ? fieldName : undefined,
    kind: field?.kind,
    op: isOp(op) && field && opsForKind(field.kind).includes(op) ? op : undefined,
    constValue: property(node, 'const_value')?.value,
  };
}

function keysOf(node: Node | undefined): Set<string> {
  return new Set((node?.children ?? []).map((p) => p.children?.[0]?.value).filter((k): k is string => typeof k === 'string'));
}

/** The sources a member of the group at `groupNode` may have (`memberNode`'s own aside), by the grouping rules. */
function sourcesAllowed(doc: SegmentDocument, groupNode: Node | undefined, memberNode?: Node): SourceId[] {
  const group = groupOf(doc.top, groupNode);
  return doc.top && group ? sourcesAllowedIn(doc.top, group, memberOf(group, memberNode)) : SOURCES.map((s) => s.id);
}

export function complete(doc: SegmentDocument, offset: number, account?: AccountData): CompletionItem[] {
  if (doc.tooLarge || doc.tooDeep || doc.shape === 'file-string-criteria' && insideNode(doc.outer.root && property(doc.outer.root, 'segment_criteria'), offset)) return [];
  if (doc.text.trim() === '') return [segmentItem(doc, offset)];
  const ctx = cursorContext(doc, offset);
  const prev = ctx.location.previousNode;
  const replace: Range =
    prev && (prev.type === 'string' || prev.type === 'number' || prev.type === 'boolean' || prev.type === 'null') && offset >= prev.offset && offset <= prev.offset + prev.length
      ? doc.lines.range(prev.offset, prev.length)
      : doc.lines.range(offset, 0);
  const after = doc.text.slice(prev && offset <= prev.offset + prev.length && offset >= prev.offset ? prev.offset + prev.length : offset).match(/^\s*(\S)/)?.[1];
  const comma = after === '"' || after === '{' ? ',' : '';
  if (ctx.location.isAtPropertyKey) return keyItems(doc, ctx, replace, comma);
  if (ctx.inMemberList) return snippetItems(doc, ctx, replace, comma);
  if (ctx.valueKey !== undefined) return valueItems(doc, ctx, replace, account);
  return [];
}

/** In an empty document, the whole segment, inserted at the cursor (nothing there to replace or filter on). */
function segmentItem(doc: SegmentDocument, offset: number): CompletionItem {
  return {
    label: 'New segment',
    kind: 'snippet',
    detail: SEGMENT_SNIPPET.description,
    documentation: 'A segment file: its `name` and `segment_criteria` (version and a top `and` group). Tab moves through the choices.',
    insertText: SEGMENT_SNIPPET.body,
    snippet: true,
    range: doc.lines.range(offset, 0),
    sortText: '00',
    preselect: true,
  };
}

function insideNode(node: Node | undefined, offset: number): boolean {
  return !!node && offset > node.offset && offset < node.offset + node.length;
}

/** A value item. Its filter text is what it inserts: editors filter on the text of the range up to the
 *  cursor, which starts with the quote the range replaces. */
const item = (label: string, insertText: string, range: Range, extra: Partial<CompletionItem> = {}): CompletionItem => ({
  label,
  kind: 'value',
  insertText,
  range,
  filterText: insertText,
  ...extra,
});

function keyItems(_doc: SegmentDocument, ctx: CursorContext, range: Range, comma: string): CompletionItem[] {
  const present = keysOf(ctx.object);
  const key = (name: string, value: string, detail: string, documentation?: string, retrigger = false): CompletionItem | undefined =>
    present.has(name)
      ? undefined
      : { label: name, kind: 'property', insertText: `"${name}": ${value}${comma}`, snippet: true, range, detail, documentation, filterText: `"${name}"`, retrigger };
  const items: (CompletionItem | undefined)[] = [];
  switch (ctx.role) {
    case 'file':
      items.push(
        key('name', '"$1"', 'The segment\'s name, unique in the account'),
        key('segment_criteria', `{\n\t"version": "${CRITERIA_VERSION}",\n\t"criteria": {\n\t\t"type": "and",\n\t\t"group": [\n\t\t\t$0\n\t\t]\n\t}\n}`, 'The criteria: version and the criteria tree'),
        key('$schema', '"$1"', 'The JSON schema of the file'),
      );
      break;
    case 'segmentCriteria':
      items.push(key('version', `"${CRITERIA_VERSION}"`, 'The criteria format version'), key('criteria', '{\n\t"type": "and",\n\t"group": [\n\t\t$0\n\t]\n}', 'The top group: an "and"'));
      break;
    case 'topGroup':
    case 'group':
      items.push(key('type', '"$1"', 'How the members join: and / or', undefined, true), key('group', '[\n\t$0\n]', 'The members: criteria and groups'));
      break;
    case 'member':
      items.push(key('source', '"$1"', 'The data source of a criterion', SOURCES.map((s) => `- ${s.doc.summary}`).join('\n'), true));
      if (!present.has('source')) items.push(key('type', '"$1"', 'Start a group instead: "or"', undefined, true), key('group', '[\n\t$0\n]', 'The members of a group'));
      break;
    case 'criterion': {
      const c = criterionOf(ctx.object);
      items.push(key('source', '"$1"', 'The data source', undefined, true));
      if (c.source) items.push(key('field', '"$1"', `A field of ${c.source}`, undefined, true));
      if (c.kind) items.push(key('op', '"$1"', 'The operator', undefined, true));
      if (c.kind && c.op) {
        const forms = formsFor(c.kind, c.op);
        const form = present.has('const_value') ? formOf(c.kind, c.op, c.constValue) : undefined;
        if (present.has('const_value')) {
          if (form?.param) items.push(key('param', `\${1:${Math.min(5, form.param.max)}}`, `Number of campaigns, ${form.param.min} to ${form.param.max}`));
          if (form?.dateWindow) {
            items.push(key('const_date_value', '"$1"', 'Optional date window: in-range or last-n-days', undefined, true));
            const window = property(ctx.object, 'const_date_value')?.value;
            if (window === 'in-range') items.push(key('date_param', '["${1:2024-01-01T00:00:00+0000}", "${2:2024-12-31T00:00:00+0000}"]', '[start, end]'));
            if (window === 'last-n-days') items.push(key('date_param', '"${1:90}"', 'Number of days, 1 to 1825'));
          }
          if (form?.dateParam === 'range') items.push(key('date_param', '["${1:2024-01-01T00:00:00+0000}", "${2:2024-12-31T00:00:00+0000}"]', '[start, end]'));
          if (form?.dateParam === 'days') items.push(key('date_param', '"${1:30}"', 'Number of days, 1 to 1825'));
        } else {
          if (forms.some((f) => !f.constValue) && !present.has('const_value')) items.push(key('value', '"$1"', 'What to compare with', undefined, true));
          if (forms.some((f) => f.constValue) && !present.has('value')) items.push(key('const_value', '"$1"', 'A named value', undefined, true));
        }
      }
      break;
    }
    default:
      break;
  }
  return items.filter((i): i is CompletionItem => !!i).map((i, n) => ({ ...i, sortText: String(n).padStart(2, '0') }));
}

function valueItems(doc: SegmentDocument, ctx: CursorContext, range: Range, account?: AccountData): CompletionItem[] {
  const key = ctx.valueKey!;
  const quoted = (v: string) => `"${v}"`;
  if (ctx.role === 'file' && key === '$schema') return [];
  if (ctx.role === 'segmentCriteria' && key === 'version') return [item(CRITERIA_VERSION, quoted(CRITERIA_VERSION), range, { kind: 'enum' })];
  if ((ctx.role === 'topGroup' || ctx.role === 'group') && key === 'type') {
    if (ctx.role === 'topGroup') return [item('and', quoted('and'), range, { kind: 'enum', documentation: GROUP_TYPES[0]!.doc.markdown })];
    const parentType = property(ctx.parentGroup, 'type')?.value;
    const fits = GROUP_TYPES.filter((t) => nesting(parentType, t.id) === 'supported');
    return fits.map((t) => item(t.id, quoted(t.id), range, { kind: 'enum', documentation: t.doc.markdown }));
  }
  if (ctx.role !== 'criterion' && ctx.role !== 'member') return [];
  const c = criterionOf(ctx.object);
  const enumItems = (values: readonly string[], doc: (v: string) => string | undefined, detail?: (v: string) => string | undefined) =>
    values.map((v, n) => item(v, quoted(v), range, { kind: 'enum', documentation: doc(v), detail: detail?.(v), sortText: String(n).padStart(2, '0') }));
  switch (key) {
    case 'source':
      return enumItems(sourcesAllowed(doc, ctx.parentGroup, ctx.object), (v) => sourceSpec(v)?.doc.markdown, (v) => sourceSpec(v)?.label);
    case 'field': {
      const spec = sourceSpec(c.source);
      if (!spec) return [];
      const items = enumItems(spec.fields.map((f) => f.name), (v) => spec.fields.find((f) => f.name === v)?.doc.markdown);
      if (spec.id === 'contact' && account?.customFields) {
        for (const f of account.customFields) items.push(item(f.name, quoted(f.name), range, { kind: 'reference', detail: f.label ? `custom field: ${f.label}` : 'custom field' }));
      }
      return items;
    }
    case 'op':
      return c.kind ? enumItems(opsForKind(c.kind), (v) => opSpec(v)?.doc.markdown, (v) => opSpec(v)?.label) : [];
    case 'const_value':
      return c.kind && c.op ? enumItems(constValuesFor(c.kind, c.op), (v) => constDoc(v)?.doc.markdown) : [];
    case 'const_date_value': {
      const form = c.kind && c.op ? formOf(c.kind, c.op, c.constValue) : undefined;
      return form?.dateWindow ? enumItems(CONST_DATE_VALUES.map((d) => d.id), (v) => constDateDoc(v)?.doc.markdown) : [];
    }
    case 'value': {
      const form = c.kind && c.op ? formOf(c.kind, c.op, undefined) : undefined;
      const known = form?.value === 'list-id' ? account?.lists : form?.value === 'tag-id' ? account?.tags : form?.value === 'campaign-activity-id' ? account?.campaignActivities : undefined;
      return (known ?? []).map((k) => item(k.name, quoted(k.id), range, { kind: 'reference', detail: k.id, filterText: `"${k.name} ${k.id}"` }));
    }
    default:
      return [];
  }
}

interface Snippet {
  label: string;
  detail: string;
  source: SourceId | 'group';
  body: string;
}

const SNIPPETS: Snippet[] = [
  {
    label: 'tracking: last N campaigns',
    detail: 'Contacts who opened any of the last 5 campaigns',
    source: 'tracking',
    body: '{\n\t"source": "tracking",\n\t"field": "${1|opened,not_opened,clicked,not_clicked,sent,not_sent|}",\n\t"op": "${2|contains-any,contains-all|}",\n\t"const_value": "last-n-campaigns",\n\t"param": "${3:5}"\n}',
  },
  {
    label: 'tracking: campaigns in the last N days',
    detail: 'Contacts who opened any campaign sent in the last 90 days',
    source: 'tracking',
    body: '{\n\t"source": "tracking",\n\t"field": "${1|opened,not_opened,clicked,not_clicked,sent,not_sent|}",\n\t"op": "${2|contains-any,contains-all|}",\n\t"const_value": "campaigns",\n\t"const_date_value": "last-n-days",\n\t"date_param": "${3:90}"\n}',
  },
  {
    label: 'contact: field test',
    detail: 'Contacts whose field equals a value',
    source: 'contact',
    body: '{\n\t"source": "contact",\n\t"field": "${1:state}",\n\t"op": "${2|eq,ne,starts-with,contains-string|}",\n\t"value": "$3"\n}',
  },
  {
    label: 'contact: added in a date range',
    detail: 'Contacts added between two dates',
    source: 'contact',
    body: '{\n\t"source": "contact",\n\t"field": "${1|date_added,date_updated|}",\n\t"op": "contains-any",\n\t"const_value": "in-range",\n\t"date_param": ["${2:2024-01-01T00:00:00+0000}", "${3:2024-12-31T00:00:00+0000}"]\n}',
  },
  {
    label: 'list membership: "or" group of lists',
    detail: 'Contacts on any of these lists',
    source: 'list_membership',
    body: '{\n\t"type": "or",\n\t"group": [\n\t\t{ "source": "list_membership", "field": "list_id", "op": "eq", "value": "$1" },\n\t\t{ "source": "list_membership", "field": "list_id", "op": "eq", "value": "$2" }\n\t]\n}',
  },
  {
    label: 'tags: "or" group of tags',
    detail: 'Contacts with any of these tags',
    source: 'tags',
    body: '{\n\t"type": "or",\n\t"group": [\n\t\t{ "source": "tags", "field": "tag_id", "op": "eq", "value": "$1" },\n\t\t{ "source": "tags", "field": "tag_id", "op": "eq", "value": "$2" }\n\t]\n}',
  },
  {
    label: 'contact: "or" group',
    detail: 'Contacts whose state is one of several',
    source: 'group',
    body: '{\n\t"type": "or",\n\t"group": [\n\t\t{ "source": "contact", "field": "${1:state}", "op": "eq", "value": "$2" },\n\t\t{ "source": "contact", "field": "${1:state}", "op": "eq", "value": "$3" }\n\t]\n}',
  },
];

/** Criterion snippets of one source, for the inside of an `or` group of that source. */
const MEMBER_SNIPPETS: Record<SourceId, string> = {
  tracking: '{ "source": "tracking", "field": "${1|opened,not_opened,clicked,not_clicked,sent,not_sent|}", "op": "${2|eq,ne|}", "value": "$3" }',
  contact: '{ "source": "contact", "field": "${1:state}", "op": "${2|eq,ne,starts-with,contains-string|}", "value": "$3" }',
  list_membership: '{ "source": "list_membership", "field": "list_id", "op": "eq", "value": "$1" }',
  tags: '{ "source": "tags", "field": "tag_id", "op": "${1|eq,ne|}", "value": "$2" }',
};

function snippetItems(doc: SegmentDocument, ctx: CursorContext, range: Range, comma: string): CompletionItem[] {
  const group = ctx.object;
  const type = property(group, 'type')?.value;
  const mk = (label: string, detail: string, body: string, n: number): CompletionItem => ({
    label,
    kind: 'snippet',
    detail,
    insertText: body + comma,
    snippet: true,
    range,
    sortText: String(n).padStart(2, '0'),
  });
  const allowed = sourcesAllowed(doc, group);
  if (type === 'or') {
    return allowed.map((s, n) => mk(`${s} criterion`, `A ${sourceSpec(s)?.label} criterion for this "or" group`, MEMBER_SNIPPETS[s], n));
  }
  if (type !== 'and' && type !== undefined) return [];
  return SNIPPETS.filter((s) => s.source === 'group' || allowed.includes(s.source)).map((s, n) => mk(s.label, s.detail, s.body, n));
}
