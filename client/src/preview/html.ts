/**
 * The preview webview's page: a table of contacts filled by messages from the extension, VS Code's theme
 * colours through its CSS variables, and a strict content security policy (nothing loads from anywhere;
 * the one script and the one style carry a per-page nonce). Data is inserted with textContent only.
 */
import { randomBytes } from 'node:crypto';
import type { AudienceSideView } from '../commands/audienceMessages';

export function makeNonce(): string {
  return randomBytes(18).toString('base64').replace(/[^A-Za-z0-9]/g, '');
}

export function contentSecurityPolicy(nonce: string): string {
  return [`default-src 'none'`, `style-src 'nonce-${nonce}'`, `script-src 'nonce-${nonce}'`, `img-src data:`, `form-action 'none'`, `base-uri 'none'`].join('; ');
}

/** Messages the page sends to the extension. */
export type FromWebview =
  | { type: 'ready' }
  | { type: 'more' }
  | { type: 'countOffer' }
  | { type: 'count' }
  | { type: 'csv' }
  | { type: 'deploy' }
  | { type: 'draft' }
  | { type: 'refresh' };

/** Messages the extension sends to the page. */
export type ToWebview =
  | { type: 'header'; title: string; subtitle: string; reading?: string; warning?: string; note?: string; draft: boolean; canDeploy: boolean; audience?: boolean }
  | { type: 'columns'; columns: string[] }
  | { type: 'rows'; rows: string[][]; append: boolean; more: boolean; total: number }
  | { type: 'count'; state: 'offer'; text: string }
  | { type: 'count'; state: 'counting' }
  | { type: 'count'; state: 'done'; count: number; requests: number }
  | { type: 'audience'; summary: string; entering: AudienceSideView; leaving: AudienceSideView }
  | { type: 'busy'; busy: boolean; what?: string }
  | { type: 'error'; message: string };

export function previewHtml(nonce: string): string {
  if (!/^[A-Za-z0-9]+$/.test(nonce)) throw new Error('nonce must be alphanumeric');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${contentSecurityPolicy(nonce)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>Segment preview</title>
<style nonce="${nonce}">
  body { color: var(--vscode-foreground); background: var(--vscode-editor-background); font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); padding: 0 16px 16px; }
  header { position: sticky; top: 0; background: var(--vscode-editor-background); padding: 8px 0; border-bottom: 1px solid var(--vscode-panel-border, transparent); }
  h1 { font-size: 1.3em; margin: 4px 0; font-weight: 600; }
  .sub, .reading { color: var(--vscode-descriptionForeground); margin: 2px 0; }
  .note { border-left: 3px solid var(--vscode-editorInfo-foreground); padding: 2px 8px; margin: 6px 0; }
  .warning { background: var(--vscode-inputValidation-warningBackground); border: 1px solid var(--vscode-inputValidation-warningBorder); padding: 6px 8px; margin: 6px 0; }
  .error { background: var(--vscode-inputValidation-errorBackground); border: 1px solid var(--vscode-inputValidation-errorBorder); padding: 6px 8px; margin: 6px 0; }
  .bar { display: flex; gap: 8px; align-items: center; flex-wrap: wrap; margin: 6px 0; }
  button { color: var(--vscode-button-foreground); background: var(--vscode-button-background); border: 1px solid var(--vscode-button-border, transparent); padding: 3px 10px; cursor: pointer; font: inherit; }
  button:hover { background: var(--vscode-button-hoverBackground); }
  button.secondary { color: var(--vscode-button-secondaryForeground); background: var(--vscode-button-secondaryBackground); }
  button.secondary:hover { background: var(--vscode-button-secondaryHoverBackground); }
  button:disabled { opacity: 0.5; cursor: default; }
  button:focus-visible { outline: 1px solid var(--vscode-focusBorder); outline-offset: 2px; }
  table { border-collapse: collapse; width: 100%; margin-top: 8px; }
  th, td { text-align: left; padding: 3px 8px; border-bottom: 1px solid var(--vscode-editorWidget-border, var(--vscode-panel-border, transparent)); white-space: nowrap; overflow: hidden; text-overflow: ellipsis; max-width: 28em; }
  th { color: var(--vscode-descriptionForeground); font-weight: 600; position: sticky; top: 0; }
  tbody tr:nth-child(even) { background: var(--vscode-list-hoverBackground); }
  .status { color: var(--vscode-descriptionForeground); }
  h2 { font-size: 1.1em; margin: 16px 0 0; font-weight: 600; }
  [hidden] { display: none !important; }
</style>
</head>
<body>
<header>
  <h1 id="title">Segment preview</h1>
  <p class="sub" id="subtitle"></p>
  <p class="reading" id="reading" hidden></p>
  <p class="note" id="note" hidden></p>
  <div class="warning" id="warning" hidden><span id="warningText"></span>
    <div class="bar"><button id="deploy" class="secondary" hidden>Deploy the file</button><button id="draft" class="secondary">Preview the file as a draft</button></div>
  </div>
  <div class="error" id="error" role="alert" hidden></div>
  <div class="bar">
    <span class="status" id="status" aria-live="polite">Loading…</span>
    <button id="more" hidden>Load more</button>
    <button id="countOffer" class="secondary">Exact count…</button>
    <span id="countBox" hidden><span id="countText"></span> <button id="count">Count</button></span>
    <button id="csv" class="secondary">Export CSV…</button>
    <button id="refresh" class="secondary">Refresh</button>
  </div>
</header>
<table aria-label="Contacts" id="table"><thead><tr id="head"></tr></thead><tbody id="rows"></tbody></table>
<section id="audience" hidden>
  <p id="summary"></p>
  <h2>Entering: <span id="enteringCount"></span></h2>
  <table aria-label="Contacts entering"><thead><tr><th scope="col">Email</th><th scope="col">Name</th></tr></thead><tbody id="enteringRows"></tbody></table>
  <p class="status" id="enteringRest"></p>
  <h2>Leaving: <span id="leavingCount"></span></h2>
  <table aria-label="Contacts leaving"><thead><tr><th scope="col">Email</th><th scope="col">Name</th></tr></thead><tbody id="leavingRows"></tbody></table>
  <p class="status" id="leavingRest"></p>
</section>
<script nonce="${nonce}">
(function () {
  const vscode = acquireVsCodeApi();
  const $ = (id) => document.getElementById(id);
  const post = (type) => vscode.postMessage({ type });
  let loaded = 0, more = false, busy = false, audience = false;
  const fmt = (n) => n.toLocaleString('en-US');
  for (const id of ['more', 'countOffer', 'count', 'csv', 'deploy', 'draft', 'refresh']) $(id).addEventListener('click', () => post(id));
  function status(text) { $('status').textContent = text; }
  function fill(body, rows) {
    body.replaceChildren();
    for (const r of rows) {
      const tr = document.createElement('tr');
      for (const v of r) { const td = document.createElement('td'); td.textContent = v; td.title = v; tr.appendChild(td); }
      body.appendChild(tr);
    }
    body.parentElement.hidden = rows.length === 0;
  }
  function sync() {
    // All rows shown: their number is the exact count. None: no table, nothing to export.
    const none = !loaded && !more;
    $('more').hidden = $('countOffer').hidden = !more || audience;
    $('csv').hidden = $('table').hidden = none || audience;
    for (const id of ['more', 'countOffer', 'count', 'csv', 'refresh', 'deploy', 'draft']) $(id).disabled = busy;
  }
  window.addEventListener('message', (event) => {
    const m = event.data;
    if (!m || typeof m.type !== 'string') return;
    if (m.type === 'header') {
      $('title').textContent = m.title;
      $('subtitle').textContent = m.subtitle;
      $('reading').textContent = m.reading || '';
      $('reading').hidden = !m.reading;
      $('note').textContent = m.note || '';
      $('note').hidden = !m.note;
      $('warningText').textContent = m.warning || '';
      $('warning').hidden = !m.warning;
      $('deploy').hidden = !m.canDeploy;
      $('draft').hidden = m.draft || !!m.audience;
      audience = !!m.audience;
      if (audience) $('audience').hidden = true;
    } else if (m.type === 'columns') {
      const head = $('head');
      head.replaceChildren();
      for (const c of m.columns) { const th = document.createElement('th'); th.scope = 'col'; th.textContent = c; head.appendChild(th); }
    } else if (m.type === 'rows') {
      const body = $('rows');
      if (!m.append) { body.replaceChildren(); loaded = 0; }
      const frag = document.createDocumentFragment();
      for (const r of m.rows) {
        const tr = document.createElement('tr');
        for (const v of r) { const td = document.createElement('td'); td.textContent = v; td.title = v; tr.appendChild(td); }
        frag.appendChild(tr);
      }
      body.appendChild(frag);
      loaded = m.total;
      more = m.more;
      status(more ? 'Showing the first ' + fmt(loaded) + ' contacts; there are more.' : fmt(loaded) + (loaded === 1 ? ' contact' : ' contacts') + ' in the segment.');
      $('error').hidden = true;
    } else if (m.type === 'count') {
      if (m.state === 'offer') {
        $('countText').textContent = m.text;
        $('countBox').hidden = false;
      } else if (m.state === 'counting') {
        $('countBox').hidden = true;
        status('Counting…');
      } else if (m.state === 'done') {
        $('countBox').hidden = true;
        status(fmt(m.count) + (m.count === 1 ? ' contact' : ' contacts') + ' in the segment (exact count, ' + fmt(m.requests) + ' request' + (m.requests === 1 ? '' : 's') + ').' + (more ? ' Showing ' + fmt(loaded) + '.' : ''));
      }
    } else if (m.type === 'audience') {
      status('');
      $('summary').textContent = m.summary;
      for (const side of ['entering', 'leaving']) {
        $(side + 'Count').textContent = m[side].count;
        fill($(side + 'Rows'), m[side].rows);
        $(side + 'Rest').textContent = m[side].rest;
      }
      $('audience').hidden = false;
      $('error').hidden = true;
    } else if (m.type === 'busy') {
      busy = m.busy;
      if (m.busy && m.what) status(m.what);
      sync();
    } else if (m.type === 'error') {
      $('error').textContent = m.message;
      $('error').hidden = false;
    }
    sync();
  });
  post('ready');
})();
</script>
</body>
</html>
`;
}
