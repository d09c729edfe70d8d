import { randomBytes } from "node:crypto";
import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { type FileHandle, open, rename, rm } from "node:fs/promises";
import { dirname } from "node:path";
import { MtrecError } from "../errors.js";

/**
 * Replace `path` with `bytes` so that a crash at any moment leaves either the old file or the
 * new one, never a mix: write a sibling temp file, fsync it, rename it over the target (rename
 * within one directory is atomic on POSIX and NTFS), then fsync the directory so the rename
 * itself survives a power cut. On failure the temp file is removed and the target is untouched.
 */
export async function writeFileAtomic(path: string, bytes: Uint8Array | string): Promise<void> {
  const temp = tempNameFor(path);
  let handle: FileHandle | undefined;
  try {
    // "wx": fail rather than write into a file some other writer created under the same name
    handle = await open(temp, "wx");
    await handle.writeFile(bytes);
    await handle.sync();
    await handle.close();
    handle = undefined;
    await rename(temp, path);
  } catch (err) {
    await handle?.close().catch(() => undefined);
    await rm(temp, { force: true });
    throw writeError(path, err);
  }
  await syncDirectory(dirname(path));
}

/**
 * Renames a finished directory to `path`, which must not exist (POSIX also allows an empty directory),
 * and makes the rename durable: the directory appears whole or not at all.
 */
export async function renameDirectoryAtomic(from: string, path: string): Promise<void> {
  await rename(from, path);
  await syncDirectory(dirname(path));
}

/** Fsyncs a directory, so that the renames and creations in it survive a power cut. */
async function syncDirectory(path: string): Promise<void> {
  if (!SYNC_DIRECTORIES) return;
  const directory = await open(path, "r");
  try {
    await directory.sync();
  } finally {
    await directory.close();
  }
}

/** The same as {@link writeFileAtomic}, blocking. */
export function writeFileAtomicSync(path: string, bytes: Uint8Array | string): void {
  const temp = tempNameFor(path);
  let fd: number | undefined;
  try {
    fd = openSync(temp, "wx");
    writeFileSync(fd, bytes);
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    renameSync(temp, path);
  } catch (err) {
    if (fd !== undefined) closeQuietly(fd);
    rmSync(temp, { force: true });
    throw writeError(path, err);
  }
  if (SYNC_DIRECTORIES) {
    const directory = openSync(dirname(path), "r");
    try {
      fsyncSync(directory);
    } finally {
      closeSync(directory);
    }
  }
}

// Windows cannot open a directory as a file, so there is no handle to fsync.
const SYNC_DIRECTORIES = process.platform !== "win32";

function tempNameFor(path: string): string {
  // same directory as the target, or the rename could cross file systems and stop being atomic
  return `${path}.tmp-${process.pid}-${randomBytes(6).toString("hex")}`;
}

function closeQuietly(fd: number): void {
  try {
    closeSync(fd);
  } catch {
    // the write error being reported matters more than a failed close after it
  }
}

function writeError(path: string, cause: unknown): MtrecError {
  const reason = cause instanceof Error ? cause.message : String(cause);
  return new MtrecError("MODEL_FILE", `mtrec: ${path}: could not write (${reason}); the previous file, if any, is unchanged`, { cause });
}
