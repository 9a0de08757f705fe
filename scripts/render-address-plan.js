#!/usr/bin/env node
/**
 * Renders an address-plan SVG to a PNG in headless Chromium, the way the
 * browser test renders it:
 *
 *   node scripts/render-address-plan.js <svg> <png>
 *
 * Needs /usr/bin/chromium (.ci/chromium.sh installs it) and playwright-core.
 */
"use strict";
const fs = require("fs");
const os = require("os");
const path = require("path");

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

async function main() {
  const [svgFile, pngFile] = process.argv.slice(2);
  if (!svgFile || !pngFile) {
    console.error("usage: node scripts/render-address-plan.js <svg> <png>");
    process.exit(2);
  }
  if (!fs.existsSync(CHROMIUM)) {
    console.error(`${CHROMIUM} is missing: run .ci/chromium.sh (as root) to install Debian's chromium package`);
    process.exit(1);
  }
  const svg = fs.readFileSync(svgFile, "utf8");
  const { chromium } = require("playwright-core");
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), "address-plan-chromium-"));
  // Twice the pixels, so that the picture stays sharp when a viewer scales it.
  const context = await chromium.launchPersistentContext(userDataDir, { executablePath: CHROMIUM, args: CHROMIUM_ARGS, deviceScaleFactor: 2 });
  try {
    const { width, height } = await screenshotSvg(await context.newPage(), svg, pngFile);
    console.log(`${pngFile}: ${width} x ${height} CSS pixels at 2x`);
  } finally {
    await context.close();
    fs.rmSync(userDataDir, { recursive: true, force: true });
  }
}

module.exports = { screenshotSvg, svgSize, CHROMIUM, CHROMIUM_ARGS };

if (require.main === module) {
  main().catch((e) => {
    console.error(e && e.stack ? e.stack : String(e));
    process.exit(1);
  });
}
