/** A mistake in how the CLI was called: printed as a message (never a stack trace), exit 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}
