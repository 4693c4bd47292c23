/** Small checks on base URLs; no `vscode` import. */
import { isLoopback } from '../../api/src/client';

/** The host part of a base URL, or the text itself when it is not a URL (reported where it is used). */
export function hostOf(baseUrl: string): string {
  try {
    return new URL(baseUrl).host;
  } catch {
    return baseUrl;
  }
}

/** A sandbox must be on this machine: plain http is allowed for loopback only. */
export function checkSandboxUrl(apiBaseUrl: string): string | undefined {
  let url: URL;
  try {
    url = new URL(apiBaseUrl);
  } catch {
    return `"${apiBaseUrl}" is not a URL.`;
  }
  if (!isLoopback(url.hostname)) return `A sandbox runs on this machine (127.0.0.1 or localhost), not at ${url.host}.`;
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return `"${apiBaseUrl}" is not an http URL.`;
  return undefined;
}
