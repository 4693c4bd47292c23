/**
 * Full garbage collections for the worker that holds large documents. Each version of a large document
 * arrives as a new string of its whole text and the one before becomes garbage in V8's large-object space,
 * which only a full collection frees; left to itself, V8 ran one once the heap had grown to two or three
 * times what it keeps, so the process carried tens of megabytes of dead text. So after each call, once the
 * old generation has grown by a set share since the last full collection, the worker runs one: after the
 * answer is sent, where it delays nothing but a call that arrives meanwhile.
 */
import { getHeapSpaceStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** V8's full collection, asked for from a context made while `--expose-gc` was set; undefined when this runtime refuses. */
export function fullCollection(): (() => void) | undefined {
  try {
    setFlagsFromString('--expose-gc');
    const gc: unknown = runInNewContext('gc');
    return typeof gc === 'function' ? (gc as () => void) : undefined;
  } catch {
    return undefined;
  } finally {
    // Only the context made above needed it.
    setFlagsFromString('--no-expose-gc');
  }
}

/** Bytes in use in the spaces a full collection frees: the old generation and large objects. */
export function oldGenerationBytes(): number {
  let sum = 0;
  for (const space of getHeapSpaceStatistics()) {
    if (space.space_name === 'old_space' || space.space_name === 'large_object_space') sum += space.space_used_size;
  }
  return sum;
}

export class FullCollections {
  /** What the old generation held after the last full collection. */
  private kept = 0;

  constructor(
    private readonly collect: (() => void) | undefined,
    private readonly used: () => number = oldGenerationBytes,
    /** The growth, as a factor of what the last collection kept, that calls for the next one. */
    private readonly growth = 1.25,
  ) {}

  /** After a call: a full collection if the old generation has grown enough since the last one. True if one ran. */
  afterCall(): boolean {
    if (!this.collect || this.used() <= this.kept * this.growth) return false;
    this.collect();
    this.kept = this.used();
    return true;
  }
}
