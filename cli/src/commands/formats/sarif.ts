/**
 * `check --format sarif`: the diagnostics as a SARIF 2.1.0 log, for code-scanning tools (GitHub code
 * scanning takes it through `github/codeql-action/upload-sarif`). One run; the rules are every code of the
 * registry, so a result's `ruleId` always resolves; regions are 1-based, columns in UTF-16 code units
 * (SARIF's default, and what the language service counts: offsets into a JavaScript string).
 */
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CODES, type Code, type Severity } from '../../../../server/src/language/codes';
import type { SegmentDiagnostic } from '../../../../server/src/language/types';

/** Where the rules are explained: the README's table of codes. */
export const INFORMATION_URI = 'https://github.com/segment-criteria/segment-criteria';
const HELP_URI = `${INFORMATION_URI}#diagnostic-codes`;
/** The base a relative `uri` is read against: the checkout's root, as code scanning expects. */
export const SRCROOT = '%SRCROOT%';

type SarifLevel = 'error' | 'warning' | 'note';

const LEVEL: Record<Severity, SarifLevel> = { error: 'error', warning: 'warning', info: 'note', hint: 'note' };

export interface CheckedFile {
  /** As the command was given it (relative to the working directory, or absolute). */
  file: string;
  diagnostics: SegmentDiagnostic[];
}

export interface UnreadFile {
  /** None for what is not one file (a loop of links while searching a folder). */
  file?: string;
  /** What is wrong with it, in words. */
  message: string;
}

interface ArtifactLocation {
  uri: string;
  uriBaseId?: string;
}

interface Region {
  startLine: number;
  startColumn: number;
  endLine: number;
  endColumn: number;
}

export interface SarifResult {
  ruleId: Code;
  ruleIndex: number;
  level: SarifLevel;
  message: { text: string };
  locations: { physicalLocation: { artifactLocation: ArtifactLocation; region: Region } }[];
}

export interface SarifLog {
  $schema: string;
  version: '2.1.0';
  runs: [
    {
      tool: { driver: { name: string; version: string; informationUri: string; rules: SarifRule[] } };
      originalUriBaseIds: Record<string, { uri: string }>;
      columnKind: 'utf16CodeUnits';
      invocations: SarifInvocation[];
      results: SarifResult[];
    },
  ];
}

interface SarifRule {
  id: Code;
  name: string;
  shortDescription: { text: string };
  helpUri: string;
  defaultConfiguration: { level: SarifLevel };
}

interface SarifInvocation {
  executionSuccessful: boolean;
  toolExecutionNotifications?: { level: 'error'; message: { text: string }; locations?: { physicalLocation: { artifactLocation: ArtifactLocation } }[] }[];
}

const RULE_IDS = Object.keys(CODES) as Code[];
const RULE_INDEX = new Map(RULE_IDS.map((id, i) => [id, i]));

/** `unknown-op` → `UnknownOp`: SARIF's rule `name` is an identifier-like word, the id stays the code. */
function ruleName(id: string): string {
  return id.replace(/(^|-)([a-z])/g, (_, __, c: string) => c.toUpperCase());
}

function rules(): SarifRule[] {
  return RULE_IDS.map((id) => ({
    id,
    name: ruleName(id),
    shortDescription: { text: CODES[id].summary },
    helpUri: HELP_URI,
    defaultConfiguration: { level: LEVEL[CODES[id].severity] },
  }));
}

/**
 * A file as a URI reference: relative to the working directory (the checkout, `%SRCROOT%`) when it is
 * inside it, each segment percent-encoded (a space, `#` or `%` in a name must not change what it names);
 * an absolute `file:` URI otherwise.
 */
export function artifactLocation(file: string, cwd: string): ArtifactLocation {
  const absolute = resolve(cwd, file);
  const rel = relative(cwd, absolute);
  if (rel === '' || rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel)) return { uri: pathToFileURL(absolute).href };
  return { uri: rel.split(sep).map(encodeURIComponent).join('/'), uriBaseId: SRCROOT };
}

function region(d: SegmentDiagnostic): Region {
  return { startLine: d.range.start.line + 1, startColumn: d.range.start.character + 1, endLine: d.range.end.line + 1, endColumn: d.range.end.character + 1 };
}

export function sarifLog(input: { checked: CheckedFile[]; unread: UnreadFile[]; cwd: string; version: string }): SarifLog {
  const results: SarifResult[] = [];
  for (const f of input.checked) {
    const location = artifactLocation(f.file, input.cwd);
    for (const d of f.diagnostics) {
      results.push({
        ruleId: d.code,
        ruleIndex: RULE_INDEX.get(d.code)!,
        level: LEVEL[d.severity],
        message: { text: d.message },
        locations: [{ physicalLocation: { artifactLocation: location, region: region(d) } }],
      });
    }
  }
  return {
    $schema: 'https://raw.githubusercontent.com/oasis-tcs/sarif-spec/master/Schemata/sarif-schema-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'segment-criteria', version: input.version, informationUri: INFORMATION_URI, rules: rules() } },
        // A folder's URI ends with a slash, as SARIF requires of a base.
        originalUriBaseIds: { [SRCROOT]: { uri: pathToFileURL(input.cwd).href.replace(/\/?$/, '/') } },
        columnKind: 'utf16CodeUnits',
        // A file that could not be read is not a result (no rule found it): the run says it did not finish.
        invocations: [
          input.unread.length === 0
            ? { executionSuccessful: true }
            : {
                executionSuccessful: false,
                toolExecutionNotifications: input.unread.map((u) => ({
                  level: 'error',
                  message: { text: u.message },
                  ...(u.file === undefined ? {} : { locations: [{ physicalLocation: { artifactLocation: artifactLocation(u.file, input.cwd) } }] }),
                })),
              },
        ],
        results,
      },
    ],
  };
}
