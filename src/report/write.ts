import { writeFileAtomic } from "../nn/atomic-write.js";
import { type Page, pageHtml } from "./page.js";

/** Writes the page (to a temporary name, then renamed); returns its size, for the command to print. */
export async function writeReport(path: string, page: Page): Promise<{ path: string; bytes: number }> {
  const html = await pageHtml(page);
  await writeFileAtomic(path, html);
  return { path, bytes: Buffer.byteLength(html) };
}
