import { existsSync } from "node:fs";
import { createServer, type RequestListener, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import puppeteer, { type Browser, type Page } from "puppeteer-core";

/** Debian's chromium: the browser tests drive it with puppeteer-core and download nothing. */
export const CHROMIUM = "/usr/bin/chromium";

export function assertChromium(): void {
  if (!existsSync(CHROMIUM))
    throw new Error(
      `${CHROMIUM} is missing: the browser tests drive Debian's chromium; install it with "apt-get install chromium" (.ci/run does)`,
    );
}

/** Headless, no sandbox (tests run as root in a container), no GPU, /tmp instead of a small /dev/shm. */
export function launchChromium(): Promise<Browser> {
  assertChromium();
  return puppeteer.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
  });
}

/** A new page that records every uncaught error and console error, to assert there were none. */
export async function watchedPage(browser: Browser): Promise<{ page: Page; problems: string[] }> {
  const page = await browser.newPage();
  const problems: string[] = [];
  page.on("pageerror", (err) => problems.push(String(err)));
  page.on("console", (m) => {
    if (m.type() === "error") problems.push(m.text());
  });
  return { page, problems };
}

/** An HTTP server on 127.0.0.1 at a free port; close it with `closeServer`. */
export async function listen(handler: RequestListener): Promise<{ server: Server; url: string }> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

/** Closes the server now: a browser keeps its connections alive, and `close` alone would wait for them to time out. */
export function closeServer(server: Server): Promise<void> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeAllConnections();
  return closed;
}

/** Serves one HTML document at every path: a report is one self-contained file. */
export function serveHtml(html: string): Promise<{ server: Server; url: string }> {
  return listen((_req, res) => {
    res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
    res.end(html);
  });
}
