/**
 * Error notifications that a later success takes back, kept by subject (a command and what it is about,
 * e.g. "deploy <file uri>"): a new failure of the subject replaces its notice, a success closes it.
 *
 * Why not showErrorMessage: in VS Code 1.91 to 1.100 only the user can close a notification shown that way.
 * A notification with progress closes when its task settles, so report.ts draws each notice as one (see
 * drawNotice there). How a notice is drawn is passed in, so these rules are tested without VS Code.
 */
export interface Notice {
  close(): void;
  /** Settles when the notice is gone, closed by the user or by close(). */
  readonly closed: PromiseLike<void>;
}

export type Actions = Record<string, () => unknown>;

export class ErrorNotices {
  private readonly open = new Map<string, { message: string; notice: Notice }>();

  constructor(private readonly draw: (message: string, actions: Actions) => Notice) {}

  show(subject: string, message: string, actions: Actions = {}): void {
    this.clear(subject);
    const entry = { message, notice: this.draw(message, actions) };
    this.open.set(subject, entry);
    void Promise.resolve(entry.notice.closed).then(() => {
      if (this.open.get(subject) === entry) this.open.delete(subject);
    });
  }

  clear(subject: string): void {
    const entry = this.open.get(subject);
    if (!entry) return;
    this.open.delete(subject);
    entry.notice.close();
  }

  /** The messages on screen, oldest first. */
  messages(): string[] {
    return [...this.open.values()].map((e) => e.message);
  }
}
