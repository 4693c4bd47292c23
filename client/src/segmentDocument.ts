/**
 * What the extension reads from a segment file's text, without VS Code: the parsed file (through the API
 * module's parser, the same as the CLI), where the criteria start (for CodeLens), and whether the file
 * differs from what was last deployed or pulled (its `sync.hash`).
 */
import { parseTree, findNodeAtLocation } from 'jsonc-parser';
import { contentHash, parseSegmentFile, SegmentFileError, type SegmentFile } from '../../domain/src/segmentFile';

export interface FileReading {
  file?: SegmentFile;
  /** Why the file cannot be used (not JSON, no name, ...). */
  problem?: string;
}

export function readSegmentText(text: string, where: string): FileReading {
  try {
    return { file: parseSegmentFile(text, where) };
  } catch (e) {
    if (e instanceof SegmentFileError) return { problem: e.message };
    throw e;
  }
}

/** Offset of the `"segment_criteria"` key (else of the top object), where CodeLens go. */
export function criteriaOffset(text: string): number | undefined {
  const tree = parseTree(text, [], { allowTrailingComma: true, disallowComments: false });
  if (!tree || tree.type !== 'object') return undefined;
  const value = findNodeAtLocation(tree, ['segment_criteria']);
  return value?.parent?.offset ?? tree.offset;
}

export type SyncStatus =
  /** No segment_id: never deployed. */
  | 'new'
  /** segment_id without a sync record (hand-written or an old file). */
  | 'unknown'
  /** Name and criteria are what was last deployed or pulled. */
  | 'in-sync'
  /** Edited since the last deploy or pull. */
  | 'local-edits';

export function syncStatus(file: SegmentFile): SyncStatus {
  if (file.segmentId === undefined) return 'new';
  if (!file.sync) return 'unknown';
  return contentHash(file.name, file.criteria) === file.sync.hash ? 'in-sync' : 'local-edits';
}
