/**
 * Questions whose answers must not be lost, as rules free of VS Code (the commands pass in how to ask).
 *
 * A remote edit: Overwrite Remote replaces a colleague's version in the account, so it is confirmed in a
 * modal dialog; backing out of that dialog brings the first question back instead of dropping it.
 *
 * Rename: a name found taken (in the account's list, or by the API's 409 when someone took it meanwhile)
 * asks again with the typed name kept and why it cannot be used, until a free name, or the user gives up.
 */
import { sameName } from '../../../domain/src/remoteSegment';
import { MAX_NAME_CHARS } from '../../../server/src/language/limits';

export type RemoteEditChoice = 'overwrite' | 'pull' | 'cancel';

export async function chooseOnRemoteEdit(
  ask: () => PromiseLike<'overwrite' | 'pull' | undefined>,
  confirmOverwrite: () => PromiseLike<boolean>,
): Promise<RemoteEditChoice> {
  for (;;) {
    const choice = await ask();
    if (choice !== 'overwrite') return choice ?? 'cancel';
    if (await confirmOverwrite()) return 'overwrite';
  }
}

/** What the name box shows; `validateInput` is VS Code's (a message blocks accepting the value). */
export interface NameBox {
  title: string;
  value: string;
  prompt: string;
  validateInput(value: string): string | undefined;
}

export type AskName = (box: NameBox) => PromiseLike<string | undefined>;

/** A rename attempt: done, or the name is taken (by this segment id, when known). */
export type RenameAttempt<T> = { renamed: T } | { takenBy: number | undefined };

export function nameTakenMessage(name: string, takenBy: number | undefined): string {
  return takenBy === undefined
    ? `The name "${name}" is already in use in the account; choose another name.`
    : `The name "${name}" is already used by segment ${takenBy}; choose another name.`;
}

/** Asks for a new name and tries it until one is free; undefined when the user gives up or keeps the name. */
export async function renameUntilFree<T>(
  segmentId: number,
  current: string,
  ask: AskName,
  attempt: (name: string) => Promise<RenameAttempt<T>>,
): Promise<{ name: string; renamed: T } | undefined> {
  const taken: { name: string; message: string }[] = [];
  let value = current;
  for (;;) {
    const name = await ask({
      title: `Rename segment ${segmentId}`,
      value,
      prompt: 'The new name (unique in the account)',
      validateInput: (v) => nameProblem(v) ?? taken.find((t) => sameName(t.name, v))?.message,
    });
    if (name === undefined || name.trim() === '' || name === current) return undefined;
    const r = await attempt(name);
    if ('renamed' in r) return { name, renamed: r.renamed };
    taken.push({ name, message: nameTakenMessage(name, r.takenBy) });
    value = name;
  }
}

/** A question with buttons, answered in a modal dialog (see commands/ask.ts); undefined when dismissed. */
export interface Question {
  message: string;
  detail?: string;
  choices: string[];
}

export type Ask = (q: Question) => PromiseLike<string | undefined>;

export interface PickItem {
  label: string;
  description?: string;
  detail?: string;
}

/** A quick pick; the answer is one of `items` (the same object), or undefined when dismissed. */
export interface Pick {
  title: string;
  placeHolder: string;
  items: PickItem[];
}

export type AskPick = (p: Pick) => PromiseLike<PickItem | undefined>;

/** What is wrong with a segment name before asking the account: blank, or longer than the API accepts. */
export function nameProblem(name: string): string | undefined {
  if (name.trim() === '') return 'A segment needs a name.';
  if (name.length > MAX_NAME_CHARS) return `A segment name has at most ${MAX_NAME_CHARS} characters; this one has ${name.length}.`;
  return undefined;
}
