import { execFile } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { promisify } from "node:util";

const run = promisify(execFile);
const PYTHON = "/usr/bin/python3";

/**
 * The OpenBLAS kernel to force for the reference. OpenBLAS misdetects some AVX-512 CPUs and
 * falls back to a slow generic kernel, so SkylakeX is forced there; forcing it on a CPU
 * without AVX-512 crashes with an illegal instruction, so elsewhere autodetection stays.
 */
export function openblasCoretype(): string | undefined {
  try {
    return /\bavx512f\b/.test(readFileSync("/proc/cpuinfo", "utf8")) ? "SkylakeX" : undefined;
  } catch {
    return undefined;
  }
}

/** Runs a script of bench/reference/ with PyTorch; null when python3-torch is absent. */
export async function runReference(script: string, args: string[]): Promise<Record<string, unknown> | null> {
  if (!existsSync(PYTHON)) return null;
  try {
    await run(PYTHON, ["-c", "import torch"]);
  } catch {
    return null;
  }
  const coretype = openblasCoretype();
  const env = { ...process.env, ...(coretype ? { OPENBLAS_CORETYPE: coretype } : {}) };
  const path = new URL(`../../bench/reference/${script}`, import.meta.url).pathname;
  const { stdout } = await run(PYTHON, [path, ...args], { env, maxBuffer: 1 << 24 });
  const result = JSON.parse(stdout) as Record<string, unknown>;
  return { ...result, openblasCoretype: coretype ?? "autodetected" };
}
