/**
 * Hovers: the meaning of each source, field, operator and constant, from the guide; on a group's `type`
 * or the `criteria` key, the plain-English reading of what it selects; on an operator, the reading of its
 * criterion. Where a reading rests on a meaning Constant Contact does not publish, the hover says which
 * meaning the product assumes.
 */
import type { Node } from 'jsonc-parser';
import { cursorContext } from './context';
import { criteriaOf, type GroupNode, groupsOf, property, type SegmentDocument } from './document';
import { assumptions, contactsWho, criterionMeaning, criterionText, reading, groupText } from './english';
import type { AccountData, Hover } from './types';
import { assumptionOf, constDateDoc, constDoc, fieldSpec, formOf, GROUP_TYPES, isOp, opSpec, sourceSpec, valueKindLabel } from './vocabulary';
import { isUncheckedSource } from './nearMiss';

const UNCHECKED_SOURCE_DOC =
  'A source this product does not know. The web UI builds segments from more sources than the guide describes (ecommerce activity, whose wire format is not published), so this criterion is not checked here and is kept exactly as written: Constant Contact checks it on deploy. The local sandbox selects nobody for a segment that has it.';

const KEY_DOCS: Record<string, string> = {
  name: 'The segment\'s name: unique in the account (the API answers 409 on a duplicate).',
  segment_criteria: 'The segment criteria. The API wants them as one escaped JSON string (at most 20,000 characters): **Escape** produces it, deploy sends it.',
  segment_id: 'Written by deploy and pull, never by hand: binds this file to one segment of one account.',
  sync: 'Written by deploy and pull, never by hand: the account and API host this file is bound to, and the hash of the content last deployed or pulled (to notice edits made elsewhere).',
  version: 'The criteria format version: "1.0.0".',
  source: 'The data source: tracking, contact, list_membership or tags.',
  field: 'The field of the source to test.',
  op: 'The operator.',
  value: 'What to compare with: text for contact fields; an id for lists, tags and campaign activities.',
  const_value: 'A named value: last-n-campaigns, campaigns, blank, none, in-range, last-n-days.',
  param: 'The number of campaigns for last-n-campaigns: 1 to 500 (the web UI evaluates at most 5).',
  const_date_value: 'Tracking\'s optional date window: in-range (two dates in date_param) or last-n-days (days in date_param). Without one, five years.',
  date_param: 'The date window: [start, end] for in-range; a number of days (1 to 1825) for last-n-days.',
  group: 'The members of the group: criteria, and `or` groups inside the top `and`.',
};

function groupAt(doc: SegmentDocument, node: Node | undefined) {
  if (!doc.top || !node) return undefined;
  for (const g of groupsOf(doc.top)) if (g.node === node) return g;
  return undefined;
}

function criterionAt(doc: SegmentDocument, node: Node | undefined) {
  if (!doc.top || !node) return undefined;
  for (const c of criteriaOf(doc.top)) if (c.node === node) return c;
  return undefined;
}

const assumed = (notes: string[]) => notes.map((n) => `\n\n*Assumed:* ${n}`).join('');

function groupHover(g: GroupNode, heading: string): string {
  return `${heading}${assumed(assumptions(g))}`;
}

export function hover(doc: SegmentDocument, offset: number, account?: AccountData): Hover | undefined {
  if (doc.tooLarge || doc.tooDeep) return undefined;
  const ctx = cursorContext(doc, offset);
  const node = ctx.location.previousNode;
  if (!node || offset < node.offset || offset > node.offset + node.length) return undefined;
  const range = doc.lines.range(node.offset, node.length);
  const key = ctx.location.isAtPropertyKey ? String(ctx.location.path[ctx.location.path.length - 1]) : ctx.valueKey;
  if (key === undefined) return undefined;
  const isKey = ctx.location.isAtPropertyKey;
  // A group's reading, on its `type` or on the `criteria` key.
  if (key === 'criteria' && isKey) {
    const target = property(ctx.object, 'criteria');
    const g = groupAt(doc, target);
    return g ? { contents: groupHover(g, `**Selects:** ${reading(g, account)}`), range } : undefined;
  }
  if (key === 'type' && (ctx.role === 'group' || ctx.role === 'topGroup')) {
    const g = groupAt(doc, ctx.object);
    if (!g) return undefined;
    const typeDoc = GROUP_TYPES.find((t) => t.id === g.type)?.doc.markdown ?? '';
    const text = g.parent ? `**This group:** ${contactsWho(groupText(g, account))}.` : `**Selects:** ${reading(g, account)}`;
    return { contents: `${groupHover(g, text)}\n\n${typeDoc}`, range };
  }
  if (isKey) {
    const text = KEY_DOCS[key];
    return text ? { contents: `\`${key}\`: ${text}`, range } : undefined;
  }
  const value = node.value;
  const spec = sourceSpec(property(ctx.object, 'source')?.value);
  const field = spec ? fieldSpec(spec, property(ctx.object, 'field')?.value) : undefined;
  const op = property(ctx.object, 'op')?.value;
  let contents: string | undefined;
  switch (key) {
    case 'source':
      contents = sourceSpec(value)?.doc.markdown ?? (isUncheckedSource(value) ? UNCHECKED_SOURCE_DOC : undefined);
      break;
    case 'field':
      contents = field?.doc.markdown;
      break;
    case 'op': {
      const o = opSpec(value);
      if (o) {
        const c = criterionAt(doc, ctx.object);
        const meaning = c && criterionMeaning(c);
        const note = meaning && assumptionOf(meaning);
        contents = o.doc.markdown + (c && meaning ? `\n\nHere: ${contactsWho(criterionText(c, account))}.` : '') + assumed(note ? [note] : []);
      }
      break;
    }
    case 'const_value':
      contents = constDoc(value)?.doc.markdown;
      break;
    case 'const_date_value':
      contents = constDateDoc(value)?.doc.markdown;
      break;
    case 'value': {
      const form = field && isOp(op) ? formOf(field.kind, op, undefined) : undefined;
      const known = form?.value === 'list-id' ? account?.lists : form?.value === 'tag-id' ? account?.tags : form?.value === 'campaign-activity-id' ? account?.campaignActivities : undefined;
      const found = known?.find((k) => typeof value === 'string' && k.id.toLowerCase() === value.toLowerCase());
      if (found) contents = `**${found.name}**\n\n${valueKindLabel(form!.value!)}: \`${found.id}\``;
      else if (form?.value) contents = `${valueKindLabel(form.value)}${known ? ' (not found in the account)' : ''}`;
      break;
    }
    default:
      contents = KEY_DOCS[key];
  }
  return contents ? { contents, range } : undefined;
}
