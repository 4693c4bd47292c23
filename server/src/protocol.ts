/**
 * The custom messages between the extension and the language server, declared once and imported by both
 * sides: no method name is a bare string anywhere else. Only plain types cross: the extension reaches the
 * language service through these messages, never its checker.
 */
import { NotificationType, RequestType, RequestType0 } from 'vscode-languageserver-protocol';
import type { AccountData, SegmentDiagnostic, SeveritySetting } from './language/types';

/** The signed-in account's lists, tags, campaign activities and custom fields, or null when signed out. */
export const accountDataNotification = new NotificationType<AccountData | null>('segmentCriteria/accountData');

/** A document's criteria in plain English (null when it has none). */
export const describeRequest = new RequestType<{ uri: string }, string | null, void>('segmentCriteria/describe');

export interface CheckParams {
  /** The text to check: a document as it is now, whether or not the server has it open. */
  text: string;
  /** Per-code severity settings (the user's, for that document). */
  severity?: Record<string, SeveritySetting>;
  /** Criteria this product does not check (unknown sources) are errors. */
  strict?: boolean;
  /** Check ids against this account's data (else the data the server was last sent, if any). */
  account?: AccountData;
}

/** The check before a file leaves the machine (deploy, preview, escape): every diagnostic of a text. */
export const checkRequest = new RequestType<CheckParams, SegmentDiagnostic[], void>('segmentCriteria/check');

export interface MemoryStats {
  parseCache: { documents: number; chars: number };
  /** The parse cache of the worker that holds large documents; null when none runs. */
  largeDocuments: { documents: number; chars: number } | null;
  heapUsed: number;
  rss: number;
}

/** Memory figures for tests and benchmarks: what the parse caches hold, the heap and the resident set. */
export const memoryStatsRequest = new RequestType0<MemoryStats, void>('segmentCriteria/memoryStats');
