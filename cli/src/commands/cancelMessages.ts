/** The CLI's words for Ctrl-C and for temporary segments left behind (count, diff, preview, deploy and apply --max-change). */

const segments = (ids: readonly number[]) => `temporary segment${ids.length === 1 ? '' : 's'} ${ids.join(', ')}`;

/** A temporary segment the API did not delete. `deleteCommand` deletes it when run as printed. */
export function leftoverMessage(id: number, reason: string, deleteCommand: string): string {
  return `Could not delete temporary segment ${id}: ${reason} It is left in the account: delete it with \`${deleteCommand}\`.`;
}

/** A second Ctrl-C while the command is still cleaning up or finishing a write. */
export function stillStoppingMessage(temporary: readonly number[], writing: string | undefined): string {
  const doing = temporary.length
    ? `Still deleting ${segments(temporary)}, so that ${temporary.length === 1 ? 'it is' : 'they are'} not left in the account.`
    : writing
      ? `Still writing the segment of ${writing}, so that the file records it.`
      : 'Still stopping.';
  return `${doing} Press Ctrl-C again to quit without waiting.`;
}

/** A third Ctrl-C: the command quits at once, saying what it leaves behind and how to clean it up. */
export function quitMessage(temporary: readonly number[], writing: string | undefined, deleteCommand: (id: number) => string): string {
  const lines: string[] = [];
  if (temporary.length) {
    lines.push(`Quit without deleting ${segments(temporary)}: ${temporary.length === 1 ? 'it is' : 'they are'} left in the account. Delete ${temporary.length === 1 ? 'it' : 'each'} with:`);
    for (const id of temporary) lines.push(`  ${deleteCommand(id)}`);
  }
  if (writing) lines.push(`Quit while the segment of ${writing} was being written: it may or may not have been, and the file does not record it. Run the command again: it says where the file stands.`);
  if (!lines.length) lines.push('Quit without waiting for the request in flight.');
  return lines.join('\n');
}

/** Deploy or apply stopped by Ctrl-C before the files named. */
export function cancelledRunMessage(verb: 'deployed' | 'applied', notDone: readonly string[]): string {
  return notDone.length ? `Cancelled. Not ${verb}: ${notDone.join(', ')}.` : 'Cancelled.';
}
