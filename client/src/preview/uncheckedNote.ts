/**
 * The panel's note on the file's criteria that this extension does not check (unknown sources): the
 * sandbox cannot evaluate them and selects nobody for such a segment; Constant Contact does. The editor
 * marks each with a warning, which the note points to.
 */
import type { UncheckedCriterion } from '../../../server/src/language/unchecked';

export function uncheckedNote(unchecked: UncheckedCriterion[], sandbox: boolean): string | undefined {
  if (unchecked.length === 0) return undefined;
  const names = unchecked.map((u) => `source "${u.source}" (line ${u.line})`);
  const list = names.length === 1 ? names[0] : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
  const them = unchecked.length === 1 ? 'it' : 'them';
  const marked = `the editor marks ${them} with a warning`;
  return sandbox
    ? `The sandbox cannot evaluate ${list}, so it selects nobody for this segment. Constant Contact evaluates ${them}; ${marked}.`
    : `Constant Contact evaluates ${list}, which this extension does not check; ${marked}.`;
}
