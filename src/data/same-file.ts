import { stat } from "node:fs/promises";

/** Whether two paths name one existing file: another spelling of the path (./a.csv) or a link to it included. */
export async function sameFile(a: string, b: string): Promise<boolean> {
  const [x, y] = await Promise.all([stat(a).catch(() => undefined), stat(b).catch(() => undefined)]);
  return x !== undefined && y !== undefined && x.dev === y.dev && x.ino === y.ino;
}
