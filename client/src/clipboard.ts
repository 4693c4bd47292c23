import * as vscode from 'vscode';

/** The clipboard's text, or undefined when it does not answer in time (a browser-hosted VS Code may wait on a permission prompt). */
export async function readClipboard(timeoutMs: number): Promise<string | undefined> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), timeoutMs)));
  try {
    return await Promise.race([Promise.resolve(vscode.env.clipboard.readText()), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
