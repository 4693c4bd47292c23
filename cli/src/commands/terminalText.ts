/**
 * Text bound for the terminal, with its control characters made visible: names, contact fields and
 * error messages come from the account, and an escape sequence in one (a window title, a screen clear,
 * a rewritten line) must not act on the user's terminal. Line breaks and tabs are kept. A control
 * character is written as JSON writes it (\u001b), so JSON on stdout keeps its meaning.
 */
// C0 (but tab and line feed), DEL and C1: the characters terminals act on.
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

export function forTerminal(text: string): string {
  return text.replace(CONTROL, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

// Every control character, line breaks and tabs included.
const CONTROL_CHAR = /[\u0000-\u001f\u007f-\u009f]/;
const ANY_CONTROL = new RegExp(CONTROL_CHAR.source, 'g');
const SHORT: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** Whether text holds a control character (a line break, a tab, an escape...). */
export function hasControl(text: string): boolean {
  return CONTROL_CHAR.test(text);
}

/**
 * One value on one line (a contact field in a table): every control character, line breaks and tabs
 * too, written as JSON writes it (\n, \t, \u001b), so a value from the account cannot start a line of
 * output of its own.
 */
export function oneLine(text: string): string {
  return text.replace(ANY_CONTROL, (c) => SHORT[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * A name (of a segment, a list, a campaign, an account) in double quotes, as a segment file writes it:
 * JSON string syntax, so a line break shows as \n and a quote as \", and a name cannot fake lines of
 * output. Plain names look as they always did: "Engaged in New England".
 */
export function quoted(name: string): string {
  return oneLine(JSON.stringify(name));
}
