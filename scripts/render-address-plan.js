#!/usr/bin/env node
/**
 * Renders an address-plan SVG to a PNG in headless Chromium, the way the
 * browser test renders it:
 *
 *   node scripts/render-address-plan.js <svg> <png>
 *
 * Needs /usr/bin/chromium (.ci/chromium.sh installs it; CHROMIUM_PATH names
 * another binary) and playwright-core. The browser test launches Chromium
 * through this file too, so both render the same way.
 */
"use strict";
const fs = require("fs");
const os = require("os");
const path = require("path");

/** Where Debian installs Chromium; an empty CHROMIUM_PATH counts as unset, as in .ci/chromium.sh. */
const CHROMIUM = process.env.CHROMIUM_PATH || "/usr/bin/chromium";
// Without the background-networking flags Chromium dials out at start, which a closed network refuses.
const CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

/** The width and height attributes of the root <svg> element, in CSS pixels. */
function svgSize(svg) {
  const root = /<svg\b[^>]*>/.exec(svg);
  const width = root && /\swidth="([\d.]+)"/.exec(root[0]);
  const height = root && /\sheight="([\d.]+)"/.exec(root[0]);
  if (!width || !height) throw new Error("the <svg> element has no numeric width and height");
  return { width: Math.ceil(Number(width[1])), height: Math.ceil(Number(height[1])) };
}

/** Screenshots the SVG at its own size in `page`; the page's device scale factor sets the pixel density. */
async function screenshotSvg(page, svg, pngFile) {
  const { width, height } = svgSize(svg);
  await page.setViewportSize({ width, height });
  await page.setContent(`<!doctype html><html><body style="margin:0">${svg}</body></html>`, { waitUntil: "load" });
  await page.locator("svg").first().screenshot({ path: pngFile });
  return { width, height };
}

/**
 * Starts headless Chromium with a fresh profile; `close()` stops it and
 * removes the profile. Throws, never skips, when Chromium is not installed.
 */
async function launchChromium(options = {}) {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} is missing, so the address-plan SVG cannot be rendered: run .ci/chromium.sh (as root) to install Debian's chromium package`);
  }
  const { chromium } = require("playwright-core");
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), "address-plan-chromium-"));
  const context = await chromium.launchPersistentContext(userDataDir, { executablePath: CHROMIUM, args: CHROMIUM_ARGS, ...options });
  return {
    context,
    async close() {
      await context.close();
      fs.rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

async function main() {
  const [svgFile, pngFile] = process.argv.slice(2);
  if (!svgFile || !pngFile) {
    console.error("usage: node scripts/render-address-plan.js <svg> <png>");
    process.exit(2);
  }
  const svg = fs.readFileSync(svgFile, "utf8");
  // Twice the pixels, so that the picture stays sharp when a viewer scales it.
  const browser = await launchChromium({ deviceScaleFactor: 2 });
  try {
    const { width, height } = await screenshotSvg(await browser.context.newPage(), svg, pngFile);
    console.log(`${pngFile}: ${width} x ${height} CSS pixels at 2x`);
  } finally {
    await browser.close();
  }
}

module.exports = { launchChromium, screenshotSvg };

if (require.main === module) {
  main().catch((e) => {
    console.error(e && e.stack ? e.stack : String(e));
    process.exit(1);
  });
}
