/**
 * A real Chromium for the page's tests: Debian's package, provisioned by tools/browser/chromium.sh (never a
 * browser download), driven by playwright-core. Flags as this machine needs them headless as root; the
 * background-networking ones stop Chromium calling home through a closed network at every start.
 */
import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { chromium, type Browser, type BrowserContext } from "playwright-core";
import { repoRoot } from "../../../ring-client/test/support/processes.js";

export async function chromiumPath(): Promise<string> {
  try {
    const { stdout } = await promisify(execFile)("bash", [join(repoRoot, "tools/browser/chromium.sh")], { timeout: 15 * 60_000 });
    return stdout.trim().split("\n").pop() ?? "";
  } catch (error) {
    const reason = ((error as { stderr?: string }).stderr ?? String(error)).trim().split("\n").at(-1);
    throw new Error(`no Chromium for the browser tests: ${reason ?? "unknown"}; set CHROMIUM_BIN or let tools/browser/chromium.sh install Debian's chromium`, { cause: error });
  }
}

export interface TestBrowser {
  browser: Browser;
  /** A fresh context (own cookies, storage); options as playwright's newContext. */
  context(options?: Parameters<Browser["newContext"]>[0]): Promise<BrowserContext>;
  close(): Promise<void>;
}

export async function launchBrowser(): Promise<TestBrowser> {
  // playwright-core starts Chromium with a fresh, empty profile directory of its own each launch.
  const browser = await chromium.launch({
    executablePath: await chromiumPath(),
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  return {
    browser,
    context: (options) => browser.newContext(options),
    close: () => browser.close(),
  };
}
