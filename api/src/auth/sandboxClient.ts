/**
 * The client id the project's own tools sign in to a local sandbox with (the sandbox accepts any; one name
 * keeps its logs readable, and lets the extension and the CLI tell sandbox settings from an account's).
 */
export const SANDBOX_CLIENT_ID = 'segment-criteria-sandbox';
