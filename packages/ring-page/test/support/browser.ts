/**
 * A real Chromium for the page's tests: Debian's package, provisioned by tools/browser/chromium.sh (never a
 * browser download), driven by playwright-core. Flags as this machine needs them headless as root; the
 * background-networking ones stop Chromium calling home through a closed network at every start.
 */
import { provision } from "@cortex-ring/test-support/processes";
import { chromium, type Browser, type BrowserContext } from "playwright-core";

export function chromiumPath(): Promise<string> {
  // chromium.sh reads $CHROMIUM_BIN itself (and checks it runs).
  return provision("tools/browser/chromium.sh", undefined, "set CHROMIUM_BIN or let tools/browser/chromium.sh install Debian's chromium");
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
