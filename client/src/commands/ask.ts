/** The dialogs behind CommandOptions' `ask` and `pick`: a modal warning with buttons, and a quick pick. */
import * as vscode from 'vscode';
import type { Ask, AskPick } from './choices';

export const askModal: Ask = (q) => vscode.window.showWarningMessage(q.message, { modal: true, ...(q.detail ? { detail: q.detail } : {}) }, ...q.choices);

export const pickQuick: AskPick = (p) => vscode.window.showQuickPick(p.items, { title: p.title, placeHolder: p.placeHolder, matchOnDescription: true, ignoreFocusOut: true });
