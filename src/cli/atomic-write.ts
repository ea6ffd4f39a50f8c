/**
 * Writes an output so that it is either complete or absent, never half-written: the bytes go to a
 * hidden temporary file in the same folder (so the final rename cannot cross file systems), are
 * flushed to disk, and the file is renamed over the target in one step. On any failure, and on
 * Ctrl-C, the temporary file is removed.
 */
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { open, rename, rm } from 'node:fs/promises';
import path from 'node:path';

/** Temporary files being written right now, so an interrupt can remove them. */
export class TempFiles {
  private readonly paths = new Set<string>();

  add(file: string): void {
    this.paths.add(file);
  }

  delete(file: string): void {
    this.paths.delete(file);
  }

  get size(): number {
    return this.paths.size;
  }

  /** Synchronous, because it runs from a signal handler right before the process exits. */
  removeAllSync(): void {
    for (const file of this.paths) rmSync(file, { force: true });
    this.paths.clear();
  }
}

function tempNameFor(target: string): string {
  return path.join(path.dirname(target), `.${path.basename(target)}.${randomBytes(6).toString('hex')}.tmp`);
}

export interface AtomicWriteOptions {
  readonly temps: TempFiles;
  /** Permission bits for the new file (e.g. the original's, in place); otherwise 0666 minus umask. */
  readonly mode?: number;
  /** Called after the bytes are safely in the temporary file, right before the rename; may throw to cancel. */
  readonly beforeRename?: () => Promise<void>;
}

export async function writeFileAtomic(target: string, data: Uint8Array, options: AtomicWriteOptions): Promise<void> {
  const temp = tempNameFor(target);
  options.temps.add(temp);
  let renamed = false;
  try {
    // 'wx': never follow or reuse something already at the temporary name.
    const handle = await open(temp, 'wx', 0o666);
    try {
      if (options.mode !== undefined) await handle.chmod(options.mode & 0o7777);
      await handle.writeFile(data);
      // Without this, a crash right after the rename can leave an empty file on some file systems.
      await handle.sync();
    } finally {
      await handle.close();
    }
    await options.beforeRename?.();
    await rename(temp, target);
    renamed = true;
  } finally {
    if (!renamed) await rm(temp, { force: true });
    options.temps.delete(temp);
  }
}
