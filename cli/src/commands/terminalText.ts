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
