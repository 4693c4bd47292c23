/**
 * The Segments view (Explorer): the account's segments, sorted by name or by date (newest edit first).
 * Selecting an item opens its bound file as it is, or a read-only view when none is bound; its menu pulls,
 * previews, renames and deletes through the same commands as files. Signed
 * out or in Restricted Mode, the view shows its welcome content instead.
 */
import * as vscode from 'vscode';
import type { SegmentSummary } from '../../../api/src/types';
import type { SegmentRef } from '../commands/bound';
import { OPEN_SEGMENT_COMMAND } from '../commands/open';
import { isCancel, needsSignIn } from '../commands/report';
import type { Connection } from '../connection';
import { sortSegments, type SortOrder } from './sortSegments';
import { messageOf, type Log } from '../log';
import { isTrusted } from '../trust';

export const VIEW_ID = 'segmentCriteria.segments';

export class SegmentItem extends vscode.TreeItem implements SegmentRef {
  readonly segmentId: number;
  readonly name: string;
  readonly edited_at?: string;
  readonly created_at?: string;

  constructor(s: SegmentSummary) {
    super(s.name, vscode.TreeItemCollapsibleState.None);
    this.segmentId = s.segment_id;
    this.name = s.name;
    if (s.edited_at) this.edited_at = s.edited_at;
    if (s.created_at) this.created_at = s.created_at;
    const when = s.edited_at ?? s.created_at;
    this.description = `#${s.segment_id}${when ? ` · ${when.slice(0, 10)}` : ''}`;
    this.tooltip = new vscode.MarkdownString(`**${escapeMarkdown(s.name)}**\n\nSegment ${s.segment_id}${s.created_at ? `\n\ncreated ${s.created_at}` : ''}${s.edited_at ? `\n\nedited ${s.edited_at}` : ''}`);
    this.contextValue = 'segment';
    this.iconPath = new vscode.ThemeIcon('filter');
    this.id = `segment-${s.segment_id}`;
    // Opens without writing anything (commands/open.ts); Pull is in the item's menu.
    this.command = { title: 'Open', command: OPEN_SEGMENT_COMMAND, arguments: [{ segmentId: s.segment_id, name: s.name }] };
  }
}

function escapeMarkdown(s: string): string {
  return s.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, '\\$&');
}

export class SegmentsView implements vscode.TreeDataProvider<SegmentItem>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;
  readonly view: vscode.TreeView<SegmentItem>;
  private order: SortOrder;
  private readonly subscriptions: vscode.Disposable[];
  /** The items last shown, for tests. */
  items: SegmentItem[] = [];

  constructor(
    private readonly connection: Connection,
    private readonly log: Log,
    private readonly state: vscode.Memento,
    segmentsChanged: vscode.Event<void>,
    private readonly onSignInNeeded: (e: unknown) => void,
  ) {
    this.order = state.get<SortOrder>('segmentCriteria.segments.sort', 'name');
    this.view = vscode.window.createTreeView(VIEW_ID, { treeDataProvider: this, showCollapseAll: false });
    this.subscriptions = [
      this.changed,
      this.view,
      connection.onDidChange(() => this.refresh()),
      segmentsChanged(() => this.refresh()),
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.refresh()),
    ];
    void this.setContext();
  }

  get sortOrder(): SortOrder {
    return this.order;
  }

  async sortBy(order: SortOrder): Promise<void> {
    this.order = order;
    await this.state.update('segmentCriteria.segments.sort', order);
    await this.setContext();
    this.refresh();
  }

  private setContext(): Thenable<unknown> {
    return vscode.commands.executeCommand('setContext', 'segmentCriteria.segmentsSort', this.order);
  }

  refresh(): void {
    this.changed.fire();
  }

  getTreeItem(item: SegmentItem): vscode.TreeItem {
    return item;
  }

  async getChildren(item?: SegmentItem): Promise<SegmentItem[]> {
    if (item) return [];
    this.view.message = undefined;
    if (!isTrusted() || !this.connection.current) {
      this.items = [];
      return [];
    }
    try {
      const segments = await this.connection.client().listSegments({ sortBy: this.order });
      this.items = sortSegments(segments, this.order).map((x) => new SegmentItem(x));
      this.view.description = `${this.connection.current?.label ?? ''}${this.connection.usingSandbox() ? ' (sandbox)' : ''}`;
      if (this.items.length === 0) this.view.message = 'The account has no segments yet. Deploy a .segment.json file to create one.';
      return this.items;
    } catch (e) {
      if (needsSignIn(e)) this.onSignInNeeded(e);
      else if (!isCancel(e)) {
        this.log.warn(`Segments view: ${messageOf(e)}`);
        this.view.message = `Could not read the segments: ${this.log.clean(messageOf(e))}`;
      }
      this.items = [];
      return [];
    }
  }

  dispose(): void {
    for (const d of this.subscriptions) d.dispose();
  }
}
