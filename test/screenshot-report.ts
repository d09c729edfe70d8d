import { readFile } from "node:fs/promises";
import { closeServer, launchChromium, serveHtml, watchedPage } from "./helpers/chromium.js";

/**
 * Writes a PNG of a report as headless Chromium shows it at 1280 px wide, with the browser
 * tests' own machinery: `node dist/test/screenshot-report.js report.html docs/report.png`.
 * Used for the README's picture; not a test.
 */
async function main(): Promise<void> {
  const [input, output, height] = process.argv.slice(2);
  if (!input || !output) throw new Error("usage: node dist/test/screenshot-report.js <report.html> <out.png> [height px, default 1600]");
  const { server, url } = await serveHtml(await readFile(input, "utf8"));
  const browser = await launchChromium();
  try {
    const { page, problems } = await watchedPage(browser);
    await page.setViewport({ width: 1280, height: Number(height ?? 1600) });
    await page.goto(url);
    await page.screenshot({ path: output as `${string}.png` });
    if (problems.length > 0) throw new Error(`the page reported errors: ${problems.join("; ")}`);
  } finally {
    await browser.close();
    await closeServer(server);
  }
}

await main();
