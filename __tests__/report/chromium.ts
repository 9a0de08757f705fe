/**
 * Headless Chromium for the rendering tests, launched the way
 * scripts/render-address-plan.js launches it (Debian's /usr/bin/chromium or
 * CHROMIUM_PATH, driven by playwright-core, a fresh profile, no background
 * traffic): that script is the one place that knows how.
 */
import { createRequire } from "module";
import type { BrowserContext, Page } from "playwright-core";

/** A running browser and the profile directory to remove afterwards. */
export interface Chromium {
  readonly context: BrowserContext;
  close(): Promise<void>;
}

/** What the script exports, typed. */
interface RenderScript {
  launchChromium(options?: { deviceScaleFactor?: number }): Promise<Chromium>;
  screenshotSvg(page: Page, svg: string, pngFile: string): Promise<{ width: number; height: number }>;
}

const script = createRequire(__filename)("../../scripts/render-address-plan.js") as RenderScript;

/** Starts Chromium with a fresh profile; throws, never skips, when it is not installed. */
export const launchChromium = (): Promise<Chromium> => script.launchChromium();

/** The PNG script's renderer: screenshots an SVG at its own size. */
export const screenshotSvg = script.screenshotSvg;
