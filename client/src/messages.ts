/** Wording shared by the commands; no `vscode` import. */

/** The core module's messages name CLI commands; in the editor, name the editor's. */
export function forEditor(message: string): string {
  return message
    .replace(/\(`segment-criteria pull (\d+)[^`]*`\)/g, '("Segment Criteria: Pull" on segment $1, e.g. from the Segments view)')
    .replace(/`segment-criteria pull (\d+)[^`]*`/g, '"Segment Criteria: Pull" on segment $1')
    .replace(/ or deploy with --force to overwrite the remote\./g, '');
}
