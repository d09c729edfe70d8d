import { cp, readdir, rm, rmdir, stat } from "node:fs/promises";
import { join, resolve } from "node:path";
import { MtrecError } from "../errors.js";
import { renameDirectoryAtomic } from "../nn/atomic-write.js";
import { hasCheckpoint, STATE } from "./checkpoint.js";
import { FILES } from "./saved-config.js";

/** Every name a finished model directory may hold; `overwrite` replaces a directory that holds nothing else. */
export const MODEL_ENTRIES: readonly string[] = [...Object.values(FILES), "schema.json", "vocab", "inferred-schema.json", "report.html"];

/**
 * Where one training run writes. The run works in `work`, a sibling of `out` named
 * `<out>.partial`: its checkpoints during training, the finished model at the end, when the
 * whole directory is renamed to `out`. So `out` never holds half a model nor a mix of two,
 * and a run that stops early leaves its last checkpoint in `work` for `resume`.
 */
export interface RunDir {
  out: string;
  work: string;
  checkpoint: string;
}

export interface RunDirOptions {
  /** Continue the checkpoint in `<out>.partial` (an unfinished run) or else in `out` (a finished one). */
  resume?: boolean;
  /** Replace the model `out` holds (once the new one is complete) and discard an unfinished run's checkpoint. */
  overwrite?: boolean;
}

export const workDirOf = (out: string): string => `${resolve(out)}.partial`;

/**
 * Checks `out` before any work is done and prepares the working directory. `out` may be new,
 * empty, or a model directory when `overwrite` or `resume` is given; a directory holding any
 * other file is refused even then, since it would be replaced whole.
 */
export async function openRunDir(out: string, opts: RunDirOptions = {}): Promise<RunDir> {
  if (opts.resume && opts.overwrite)
    throw new MtrecError("BAD_ARGUMENT", "mtrec: resume continues the run in the directory and overwrite discards it: give one of them");
  const work = workDirOf(out);
  const entries = await entriesOf(out);
  const pending = await entriesOf(work);
  const run: RunDir = { out, work, checkpoint: join(work, FILES.checkpoint) };
  if (entries.length > 0) {
    const foreign = entries.filter((e) => !MODEL_ENTRIES.includes(e));
    if (foreign.length > 0)
      throw new MtrecError(
        "BAD_ARGUMENT",
        `mtrec: ${out}: holds ${quoteList(foreign)}, which no mtrec model directory holds; the model would replace the directory whole: name a new or empty directory`,
      );
    if (!opts.resume && !opts.overwrite) {
      // a checkpoint alone is what a run of an earlier mtrec, which wrote into out directly, left when it stopped
      const what = entries.includes(FILES.config) ? `a model already (${quoteList(entries)})` : "the checkpoint of an unfinished run";
      throw new MtrecError(
        "BAD_ARGUMENT",
        `mtrec: ${out}: holds ${what}; give --overwrite to replace it, --resume to continue its checkpoint, or name another directory`,
      );
    }
  }
  if (opts.resume) {
    if (await hasCheckpoint(run.checkpoint)) return run;
    const finished = join(out, FILES.checkpoint);
    if (!(await hasCheckpoint(finished)))
      throw new MtrecError(
        "MODEL_FILE",
        `mtrec: ${join(finished, STATE)}: no checkpoint to resume from (nor in ${join(run.checkpoint, STATE)})`,
      );
    // a copy: the finished model stays whole until the continued run replaces it
    await rm(work, { recursive: true, force: true });
    await cp(finished, run.checkpoint, { recursive: true });
    return run;
  }
  if (pending.length > 0) {
    if (!opts.overwrite)
      throw new MtrecError(
        "BAD_ARGUMENT",
        `mtrec: ${work}: holds an unfinished run into ${out} (stopped, or still running); give --resume to continue it, or --overwrite to start afresh`,
      );
    await rm(work, { recursive: true, force: true });
  }
  // the working directory appears with the first checkpoint: a run refused before then leaves nothing behind
  return run;
}

/**
 * Puts the finished model (written into `work`) in place of `out`. A new or empty `out` is
 * replaced by one rename. An old model is first renamed aside to `<out>.replaced` and removed
 * after: a crash between the two renames leaves both models whole, the new one in `work`.
 */
export async function publishRunDir(run: RunDir): Promise<void> {
  const entries = await entriesOf(run.out);
  if (entries.length === 0) {
    // an empty directory: removed rather than renamed over, which Windows refuses
    await rmdir(run.out).catch((e: NodeJS.ErrnoException) => {
      if (e.code !== "ENOENT") throw e;
    });
    await renameDirectoryAtomic(run.work, run.out);
    return;
  }
  const aside = `${resolve(run.out)}.replaced`;
  await rm(aside, { recursive: true, force: true });
  await renameDirectoryAtomic(run.out, aside);
  await renameDirectoryAtomic(run.work, run.out);
  await rm(aside, { recursive: true, force: true });
}

/** The names in a directory; none when it does not exist; a file where a directory belongs is refused. */
async function entriesOf(dir: string): Promise<string[]> {
  const info = await stat(dir).catch((e: NodeJS.ErrnoException) => {
    if (e.code === "ENOENT") return undefined;
    throw new MtrecError("BAD_ARGUMENT", `mtrec: ${dir}: cannot be read (${e.message})`);
  });
  if (!info) return [];
  if (!info.isDirectory())
    throw new MtrecError(
      "BAD_ARGUMENT",
      `mtrec: ${dir}: is a file, not a directory; the model is written into a directory: name a new or empty one`,
    );
  return (await readdir(dir)).sort();
}

function quoteList(names: string[]): string {
  const shown = names.slice(0, 4).map((n) => `"${n}"`);
  return names.length > 4 ? `${shown.join(", ")} and ${names.length - 4} more` : shown.join(", ");
}
