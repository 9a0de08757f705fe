/**
 * Headless Chromium for the rendering tests: Debian's /usr/bin/chromium driven
 * by playwright-core, with a fresh profile, and the flags that keep it from
 * dialling out (the closed network refuses those connections).
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { chromium, type BrowserContext } from "playwright-core";

/** Where Debian installs Chromium; `.ci/chromium.sh` puts it there. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/** Flags for a headless run without sandbox, GPU or background traffic. */
export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** A running browser and the profile directory to remove afterwards. */
export interface Chromium {
  readonly context: BrowserContext;
  close(): Promise<void>;
}

/**
 * Starts Chromium with a fresh user data directory. Throws, never skips, when
 * it is not installed: a rendering test that passes without a browser proves
 * nothing.
 */
export async function launchChromium(): Promise<Chromium> {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} is missing, so the address-plan SVG cannot be rendered: run .ci/chromium.sh (as root) to install Debian's chromium package`);
  }
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), "address-plan-chromium-"));
  const context = await chromium.launchPersistentContext(userDataDir, { executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  return {
    context,
    async close() {
      await context.close();
      fs.rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}
