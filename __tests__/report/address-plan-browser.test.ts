/**
 * The address-plan SVG rendered by a real browser (headless Chromium):
 * legibility is judged on the laid-out text, not on the estimates the
 * renderer makes. Fails, never skips, when Chromium is missing.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import type { Page } from "playwright-core";
import type { AddressPlanView } from "../../lib/report/address-plan/view";
import { renderAddressPlanSvg } from "../../lib/report/address-plan/svg";
import { launchChromium, screenshotSvg, type Chromium } from "./chromium";
import { adoptedSubnetFixture, conflictingFixture, denseFixture, devFixture, prodFixture, prodWithConnectedFixture, shippedView } from "./fixtures";

interface Box {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

interface Layout {
  parseError: string | null;
  viewport: Box;
  size: { width: number; height: number };
  texts: { text: string; box: Box }[];
  ranges: { index: number; cidr: string; placement: string; labels: { text: string; box: Box }[]; bar: Box | null }[];
  fonts: string[];
}

/** Lays the SVG out in the page and reads back every text box, range label and bar. */
async function layout(page: Page, svg: string): Promise<Layout> {
  await page.setContent(`<!doctype html><html><body style="margin:0">${svg}</body></html>`, { waitUntil: "load" });
  // Runs in the page: the test tsconfig has no DOM types, hence `any`.
  return page.evaluate((source: string) => {
    const g = globalThis as any;
    const doc = g.document;
    const parsed = new g.DOMParser().parseFromString(source, "image/svg+xml");
    const error = parsed.getElementsByTagName("parsererror")[0];
    const box = (el: any) => {
      const r = el.getBoundingClientRect();
      return { left: r.left, top: r.top, right: r.right, bottom: r.bottom };
    };
    const root = doc.querySelector("svg");
    const all = Array.from(doc.querySelectorAll("svg text")) as any[];
    return {
      parseError: error ? String(error.textContent) : null,
      viewport: box(root),
      size: { width: Number(root.getAttribute("width")), height: Number(root.getAttribute("height")) },
      texts: all.map((t) => ({ text: String(t.textContent), box: box(t) })),
      ranges: (Array.from(doc.querySelectorAll("g.range")) as any[]).map((el) => ({
        index: Number(el.getAttribute("data-index")),
        cidr: String(el.getAttribute("data-cidr")),
        placement: String(el.getAttribute("data-placement")),
        labels: (Array.from(el.querySelectorAll("text.range-label")) as any[]).map((t) => ({ text: String(t.textContent), box: box(t) })),
        bar: el.querySelector("rect.bar") ? box(el.querySelector("rect.bar")) : null,
      })),
      fonts: Array.from(new Set(all.map((t) => String(g.getComputedStyle(t).fontFamily)))),
    };
  }, svg);
}

/** Sub-pixel tolerance: anti-aliasing and font hinting move boxes by fractions of a pixel. */
const EPSILON = 0.5;

const inside = (b: Box, v: Box) => b.left >= v.left - EPSILON && b.top >= v.top - EPSILON && b.right <= v.right + EPSILON && b.bottom <= v.bottom + EPSILON;
const intersect = (a: Box, b: Box) =>
  Math.min(a.right, b.right) - Math.max(a.left, b.left) > EPSILON && Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > EPSILON;
const show = (b: Box) => `[${b.left.toFixed(1)},${b.top.toFixed(1)} - ${b.right.toFixed(1)},${b.bottom.toFixed(1)}]`;

/** Text that is not rendered, clipped by the viewport, or overlapping other text. */
function legibilityProblems(l: Layout): string[] {
  const problems: string[] = [];
  for (const t of l.texts) {
    if (t.box.right - t.box.left <= 0 || t.box.bottom - t.box.top <= 0) problems.push(`not rendered: "${t.text}"`);
    if (!inside(t.box, l.viewport)) problems.push(`clipped: "${t.text}" ${show(t.box)} outside ${show(l.viewport)}`);
  }
  for (let i = 0; i < l.texts.length; i++) {
    for (let j = i + 1; j < l.texts.length; j++) {
      const a = l.texts[i]!;
      const b = l.texts[j]!;
      if (intersect(a.box, b.box)) problems.push(`overlap: "${a.text}" ${show(a.box)} and "${b.text}" ${show(b.box)}`);
    }
  }
  return problems;
}

const CASES: [string, AddressPlanView][] = [
  ["prod as synth writes it", shippedView("prod")],
  ["dev as synth writes it", shippedView("dev")],
  ["prod (config/prod.yaml)", prodFixture],
  ["dev (config/dev.yaml, the AKS-managed VNet's space unknown)", devFixture],
  ["an adopted subnet of unknown prefixes", adoptedSubnetFixture],
  ["prod with connected networks", prodWithConnectedFixture],
  ["a plan with overlaps", conflictingFixture],
  ["a dense synthetic plan", denseFixture()],
];

describe("address-plan SVG in headless Chromium", () => {
  let browser: Chromium;
  let page: Page;

  beforeAll(async () => {
    browser = await launchChromium();
    page = await browser.context.newPage();
  });

  afterAll(async () => {
    await browser?.close();
  });

  test("the checks see clipped and overlapping text (they can fail)", async () => {
    const broken = [
      `<svg xmlns="http://www.w3.org/2000/svg" width="200" height="60" viewBox="0 0 200 60" font-family="monospace" font-size="12">`,
      `<text x="10" y="20">10.0.0.0/16 one</text><text x="16" y="24">10.1.0.0/16 two</text>`,
      `<text x="150" y="50">clipped on the right</text>`,
      `</svg>`,
    ].join("");
    const problems = legibilityProblems(await layout(page, broken));
    expect(problems.filter((p) => p.startsWith("overlap:"))).toHaveLength(1);
    expect(problems.filter((p) => p.startsWith("clipped:"))).toHaveLength(1);
  });

  test.each(CASES)("%s: well-formed, nothing clipped, no text overlaps, every range labelled", async (_name, view) => {
    const svg = renderAddressPlanSvg(view);
    const l = await layout(page, svg);
    expect(l.parseError).toBeNull();
    // The page shows the SVG at its own size: the viewport is the picture.
    expect(l.viewport.right - l.viewport.left).toBeCloseTo(l.size.width, 0);
    expect(l.viewport.bottom - l.viewport.top).toBeCloseTo(l.size.height, 0);
    expect(l.fonts.every((f) => f === "monospace" || f === "sans-serif")).toBe(true);

    expect(legibilityProblems(l)).toEqual([]);

    expect(l.ranges.map((r) => r.index)).toEqual(view.ranges.map((_, i) => i));
    for (const r of l.ranges) {
      const range = view.ranges[r.index]!;
      const main = r.labels[0];
      expect(main).toBeDefined();
      expect(main!.text).toContain(range.label);
      expect(main!.text).toContain(range.cidr ?? "known at apply time");
      expect(inside(main!.box, l.viewport)).toBe(true);
      // The bar is visible, and its label sits beside it (rows grow to fit their labels).
      expect(r.bar).not.toBeNull();
      expect(r.bar!.bottom - r.bar!.top).toBeGreaterThanOrEqual(2);
      expect(main!.box.top).toBeGreaterThanOrEqual(r.bar!.top - 4);
      expect(main!.box.top).toBeLessThanOrEqual(r.bar!.bottom);
    }
  });

  test("scripts/render-address-plan.js renders the SVG to a PNG of its size", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "address-plan-png-"));
    try {
      const pngFile = path.join(dir, "address-plan.png");
      const svg = renderAddressPlanSvg(prodFixture);
      const size = await screenshotSvg(page, svg, pngFile);
      const png = fs.readFileSync(pngFile);
      expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
      // This page's device scale factor is 1; the script's own browser uses 2.
      expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([size.width, size.height]);
      expect(size.width).toBe(Number(/width="(\d+)"/.exec(svg)![1]));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
