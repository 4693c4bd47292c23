/**
 * Builds the JSON schema of a .segment.json file from the vocabulary. `npm run gen:schema` writes it to
 * schemas/segment.schema.json (for any JSON-Schema-aware editor); the server compiles the same object, and a
 * test fails when the committed file drifts from what this builds.
 *
 * Draft-07, with `if`/`then` chains instead of `oneOf`, so that every error a validator reports names the
 * smallest offending value (an unknown operator, a missing `param`) rather than "must match exactly one schema".
 */
import {
  CONST_DATE_VALUES,
  CRITERIA_VERSION,
  type CriterionKey,
  DATE_PATTERN,
  FIELD_KINDS,
  type FieldKindId,
  GROUP_TYPES,
  LIMITS,
  NON_BLANK_PATTERN,
  OPS,
  type OperandForm,
  SOURCES,
  WHOLE_NUMBER_STRING_PATTERN,
  constDoc,
  formsFor,
  opsForKind,
} from './vocabulary';

type Schema = Record<string, unknown>;

const desc = (description: string, markdown = description): Schema => ({ description, markdownDescription: markdown });

const wholeNumber = (min: number, max: number, what: string): Schema => ({
  type: ['integer', 'string'],
  pattern: WHOLE_NUMBER_STRING_PATTERN,
  minimum: min,
  maximum: max,
  ...desc(`${what}: a whole number from ${min} to ${max}, as a number or a numeric string.`),
});

const dateString: Schema = {
  type: 'string',
  pattern: DATE_PATTERN,
  ...desc('A date and time such as 2017-12-15T01:16:00+0000.'),
};

const dateRange: Schema = {
  type: 'array',
  items: dateString,
  minItems: 2,
  maxItems: 2,
  ...desc(`[start, end]: start before end, at most ${LIMITS.maxDays} days apart.`),
};

const days = wholeNumber(1, LIMITS.maxDays, 'Number of days');

/** Fields of the sources whose field kind is `kind` (contact text fields: any name but the date fields). */
function fieldCondition(kind: FieldKindId): Schema {
  const sources = SOURCES.filter((s) => s.fields.some((f) => f.kind === kind) || s.openFieldKind === kind);
  const branches = sources.map((s) => {
    const named = s.fields.filter((f) => f.kind === kind).map((f) => f.name);
    const others = s.fields.filter((f) => f.kind !== kind).map((f) => f.name);
    const field = s.openFieldKind === kind ? { type: 'string', not: { enum: others } } : { enum: named };
    return { properties: { source: { const: s.id }, field }, required: ['source', 'field'] };
  });
  return branches.length === 1 ? branches[0]! : { anyOf: branches };
}

/** The keys a form uses, with their schemas; every other operand key is forbidden (`false`). */
function formBody(form: OperandForm): Schema {
  const props: Partial<Record<CriterionKey, unknown>> = {};
  const required: string[] = [];
  if (form.value) {
    props.value = { type: 'string', minLength: 1 };
    required.push('value');
  }
  if (form.constValue) required.push('const_value');
  if (form.param) {
    props.param = wholeNumber(form.param.min, form.param.max, 'Number of campaigns');
    required.push('param');
  }
  if (form.dateParam) {
    props.date_param = form.dateParam === 'range' ? dateRange : days;
    required.push('date_param');
  }
  const schema: Schema = {};
  const allOf: Schema[] = [];
  if (form.dateWindow) {
    props.const_date_value = { enum: CONST_DATE_VALUES.map((c) => c.id) };
    props.date_param = {};
    schema.dependencies = { const_date_value: ['date_param'], date_param: ['const_date_value'] };
    allOf.push(
      { if: { properties: { const_date_value: { const: 'in-range' } }, required: ['const_date_value'] }, then: { properties: { date_param: dateRange } } },
      { if: { properties: { const_date_value: { const: 'last-n-days' } }, required: ['const_date_value'] }, then: { properties: { date_param: days } } },
    );
  }
  for (const key of ['value', 'const_value', 'param', 'const_date_value', 'date_param'] as const) {
    if (!(key in props) && !(key === 'const_value' && form.constValue)) props[key] = false;
  }
  schema.properties = props;
  if (required.length) schema.required = required;
  if (allOf.length) schema.allOf = allOf;
  return schema;
}

/** What a criterion of field kind `kind` with operator `op` must hold. */
function operandSchema(kind: FieldKindId, op: (typeof OPS)[number]['id']): Schema {
  const forms = formsFor(kind, op);
  const plain = forms.find((f) => !f.constValue);
  const withConst = forms.filter((f) => f.constValue);
  const byConst: Schema[] = withConst.map((f) => ({
    if: { properties: { const_value: { const: f.constValue } }, required: ['const_value'] },
    then: formBody(f),
  }));
  const constEnum = { enum: withConst.map((f) => f.constValue) };
  if (plain && withConst.length) {
    return {
      if: { required: ['const_value'] },
      then: { properties: { const_value: constEnum }, allOf: byConst },
      else: formBody(plain),
    };
  }
  if (plain) return formBody(plain);
  return { required: ['const_value'], properties: { const_value: constEnum }, allOf: byConst };
}

function criterionSchema(): Schema {
  const byKind: Schema[] = FIELD_KINDS.map((k) => ({
    if: fieldCondition(k.id),
    then: {
      properties: { op: { enum: opsForKind(k.id) } },
      allOf: opsForKind(k.id).map((op) => ({
        if: { properties: { op: { const: op } }, required: ['op'] },
        then: operandSchema(k.id, op),
      })),
    },
  }));
  const bySource: Schema[] = SOURCES.filter((s) => !s.openFields).map((s) => ({
    if: { properties: { source: { const: s.id } }, required: ['source'] },
    then: { properties: { field: { enum: s.fields.map((f) => f.name) } } },
  }));
  const properties: Record<CriterionKey, Schema> = {
    source: { enum: SOURCES.map((s) => s.id), ...desc('The data source: ' + SOURCES.map((s) => s.id).join(', ') + '.', SOURCES.map((s) => `- ${s.doc.summary}`).join('\n')) },
    field: { type: 'string', minLength: 1, ...desc('The field of the source to test.') },
    op: { enum: OPS.map((o) => o.id), ...desc('The operator.', OPS.map((o) => `- ${o.doc.summary}`).join('\n')) },
    value: { type: 'string', ...desc('What to compare with: text for contact fields, an id for lists, tags and campaign activities.') },
    const_value: {
      enum: [...new Set(FIELD_KINDS.flatMap((k) => k.forms.flatMap((f) => (f.constValue ? [f.constValue] : []))))],
      ...desc('A named value.', FIELD_KINDS.flatMap((k) => k.forms).filter((f) => f.constValue).map((f) => `- \`${f.constValue}\`: ${constDoc(f.constValue)?.doc.summary ?? ''}`).filter((v, i, a) => a.indexOf(v) === i).join('\n')),
    },
    param: { type: ['integer', 'string'], ...desc(`Number of campaigns for last-n-campaigns: 1 to ${LIMITS.maxCampaigns} (the web UI evaluates at most ${LIMITS.uiMaxCampaigns}).`) },
    const_date_value: { enum: CONST_DATE_VALUES.map((c) => c.id), ...desc('Tracking date window: in-range (two dates in date_param) or last-n-days (days in date_param).') },
    date_param: { type: ['array', 'integer', 'string'], ...desc('The date window: [start, end] for in-range, a number of days for last-n-days.') },
  };
  return {
    type: 'object',
    ...desc('A criterion: one test on one field of one source.'),
    required: ['source', 'field', 'op'],
    properties,
    additionalProperties: false,
    allOf: [...bySource, ...byKind],
  };
}

export function buildSchema(): Schema {
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: 'Constant Contact segment',
    ...desc(
      'One Constant Contact segment: its name and its criteria as readable JSON (the API wants them as an escaped string; deploy and escape produce it).',
    ),
    type: 'object',
    required: ['name', 'segment_criteria'],
    properties: {
      $schema: { type: 'string', ...desc('The schema this file follows.') },
      name: {
        type: 'string',
        minLength: 1,
        maxLength: LIMITS.maxNameChars,
        pattern: NON_BLANK_PATTERN,
        ...desc(`The segment's name: 1 to ${LIMITS.maxNameChars} characters, not only spaces, and unique in the account (the API answers 409 on a duplicate).`),
      },
      segment_criteria: {
        type: ['object', 'string'],
        ...desc('The segment criteria: `version` and the `criteria` tree. A string (escaped JSON, as the API returns it) is checked too and can be turned into readable JSON.'),
        if: { type: 'object' },
        then: { $ref: '#/definitions/segmentCriteria' },
      },
      segment_id: { type: 'integer', minimum: 1, ...desc('Written by deploy or pull, never by hand: binds the file to one segment of one account.') },
      sync: {
        type: 'object',
        ...desc('Written by deploy and pull, never by hand: the account and API host the file is bound to, and the hash and edited_at of the content last deployed or pulled, to notice remote edits.'),
        properties: {
          account: { type: 'string' },
          api: { type: 'string' },
          hash: { type: 'string' },
          edited_at: { type: 'string' },
        },
      },
    },
    additionalProperties: false,
    definitions: {
      segmentCriteria: {
        type: 'object',
        ...desc(`The criteria document: version ${CRITERIA_VERSION} and the criteria tree.`),
        required: ['criteria'],
        properties: {
          version: { const: CRITERIA_VERSION, ...desc(`The criteria format version: "${CRITERIA_VERSION}".`) },
          criteria: { $ref: '#/definitions/topGroup' },
        },
        additionalProperties: false,
      },
      topGroup: {
        ...desc('The top group: it must be an `and`, holding criteria and `or` groups.'),
        allOf: [{ $ref: '#/definitions/group' }, { properties: { type: { const: 'and' } } }],
      },
      group: {
        type: 'object',
        ...desc('A group of criteria joined by `and` or `or`.'),
        required: ['type', 'group'],
        properties: {
          type: { enum: GROUP_TYPES.map((g) => g.id), ...desc('How the members join.', GROUP_TYPES.map((g) => `- ${g.doc.summary}`).join('\n')) },
          group: { type: 'array', minItems: 1, items: { $ref: '#/definitions/member' } },
        },
        additionalProperties: false,
      },
      // As isGroupShaped in the vocabulary: a `source` makes a member a criterion, even with a `type` key.
      member: {
        if: { anyOf: [{ required: ['group'] }, { required: ['type'], not: { required: ['source'] } }] },
        then: { $ref: '#/definitions/group' },
        else: { $ref: '#/definitions/criterion' },
      },
      criterion: criterionSchema(),
    },
  };
}

