/**
 * Renders an address plan view as a standalone SVG: a memory map of the IPv4
 * space, low addresses at the top, one column per kind of range, and every
 * range's label on the row where the range starts.
 *
 * Why this layout: the real plans mix a /32 and a /4 and leave most of the
 * space unused, and reviewers look at the picture at the width of a pull
 * request page. So rows are cut at every range boundary, a row's height grows
 * with log2 of the addresses it spans (a /29 stays visible next to a /8),
 * unused space collapses to a zigzag, and labels are one line of text per
 * range in a column of their own: rows grow to fit their labels, so labels can
 * neither overlap nor be clipped, however many narrow ranges there are.
 *
 * Deterministic (no random IDs, no dates), every text escaped, generic font
 * families only, widths estimated from the monospace advance (0.6 em).
 *
 * address-plan-svg-layout.ts decides where everything goes; this file draws it.
 */
import { formatIpv4 } from "../../net/cidr";
import { ADDRESS_RANGE_KINDS, type AddressPlanView, type AddressRangeKind } from "./view";
import { worstSeverity, type RangePlacement } from "./placement";
import type { Severity } from "../../rules/engine";
import {
  COLUMNS_RIGHT,
  COLUMNS_X,
  LABELS_X,
  columnX,
  layoutAddressPlan,
  type AddressPlanLayout,
  type Label,
  type LabelLine,
  type LegendItem,
  type LegendKey,
  type Row,
  type Run,
} from "./svg-layout";
import { BASELINE, COLOURS, COLUMN_WIDTH, CONFLICT, GRID, INK, LABEL_SIZE, LINE, MARGIN, MONO, MUTED, SANS, TEXT_INDENT, TOLERATED, TOLERATED_STROKE } from "./svg-style";

/** Column headings, two short lines each so that columns stay narrow. */
const HEADINGS: Readonly<Record<AddressRangeKind, readonly [string, string]>> = {
  vnet: ["VNet", "space"],
  nodeSubnet: ["Node", "subnet"],
  otherSubnet: ["Other", "subnets"],
  pod: ["Pod", "range"],
  service: ["Service", "range"],
  connected: ["Connected", "networks"],
  aksReserved: ["AKS", "reserved"],
  azureReserved: ["Azure", "reserved"],
};

const OFF_AXIS_TITLES: Readonly<Record<"unknown" | "ipv6" | "invalid", string>> = {
  unknown: "at apply time",
  ipv6: "IPv6",
  invalid: "invalid",
};

/** Escapes text for SVG content and attribute values. */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

/** Numbers in coordinates: at most two decimals, no exponent, so output is stable. */
const n = (v: number): string => String(Math.round(v * 100) / 100);

/** An id prefix unique to the stack, so that two plans inlined in one page do not share pattern ids. */
function idPrefix(stack: string): string {
  return `ap-${stack.replace(/[^A-Za-z0-9_-]/g, "_")}`;
}

/** A label line's runs as `<tspan>`s. */
function renderRuns(runs: readonly Run[]): string {
  return runs
    .map((r) => {
      const attrs = [
        r.gap ? `dx="${n(r.gap)}"` : "",
        r.fill ? `fill="${r.fill}"` : "",
        r.bold ? `font-weight="700"` : "",
        r.italic ? `font-style="italic"` : "",
      ]
        .filter(Boolean)
        .join(" ");
      return `<tspan ${attrs}>${escapeXml(r.text)}</tspan>`;
    })
    .join("");
}

function diamond(cx: number, cy: number, r: number): string {
  return `M${n(cx)} ${n(cy - r)} L${n(cx + r)} ${n(cy)} L${n(cx)} ${n(cy + r)} L${n(cx - r)} ${n(cy)} Z`;
}

/** The break mark for skipped addresses: a strip filled with a zigzag pattern, centred on y. */
function skipStrip(pattern: string, x0: number, x1: number, y: number): string {
  return `<rect class="skip" x="${n(x0)}" y="${n(y - 3.5)}" width="${n(x1 - x0)}" height="7" fill="url(#${pattern})"/>`;
}

/** The `<svg>` start tag, title, description and pattern definitions, and the white background. */
function drawDocumentStart({ view, title, width, height }: AddressPlanLayout, id: string): string[] {
  const summary = `${view.ranges.length} ranges of stack ${view.stack}${view.dnsServiceIp ? `, DNS service IP ${view.dnsServiceIp.address}` : ""}`;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-labelledby="${id}-title ${id}-desc">`,
    `<title id="${id}-title">${escapeXml(title)}</title>`,
    `<desc id="${id}-desc">${escapeXml(summary)}</desc>`,
    "<defs>",
    `<pattern id="${id}-hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" fill="#ffffff"/><line x1="0" y1="0" x2="0" y2="6" stroke="#8c8c8c" stroke-width="2.2"/></pattern>`,
    `<pattern id="${id}-skip" width="6" height="7" patternUnits="userSpaceOnUse"><path d="M0 3.5 L1.5 1 L4.5 6 L6 3.5" fill="none" stroke="#b0b0b0" stroke-width="1"/></pattern>`,
    "</defs>",
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
  ];
}

/** The title, the verdict and the subtitle lines. */
function drawTitle({ title, titleBaseline, verdict, verdictBaseline, subtitle }: AddressPlanLayout): string[] {
  return [
    `<text class="title" x="${MARGIN}" y="${n(titleBaseline)}" font-family="${SANS}" font-size="18" font-weight="700" fill="${INK}">${escapeXml(title)}</text>`,
    `<text class="verdict" x="${MARGIN}" y="${n(verdictBaseline)}" font-family="${SANS}" font-size="13.5">${renderRuns(verdict)}</text>`,
    ...subtitle.map((s) => `<text class="subtitle" x="${MARGIN}" y="${n(s.baseline)}" font-family="${SANS}" font-size="12.5" fill="${MUTED}">${escapeXml(s.text)}</text>`),
  ];
}

/** Column headings, coloured for the kinds the view has, between the address and label headings. */
function drawHeadings({ view, headingTop }: AddressPlanLayout): string[] {
  const rangeKinds = new Set(view.ranges.map((r) => r.kind));
  const out = [`<g class="headings" font-family="${MONO}" font-size="11" text-anchor="middle">`];
  out.push(`<text x="${MARGIN}" y="${n(headingTop + 24)}" text-anchor="start" fill="${MUTED}">start address</text>`);
  for (const kind of ADDRESS_RANGE_KINDS) {
    const cx = columnX(kind) + COLUMN_WIDTH / 2;
    const fill = rangeKinds.has(kind) ? COLOURS[kind].text : "#9a9a9a";
    const [a, b] = HEADINGS[kind];
    out.push(`<text x="${n(cx)}" y="${n(headingTop + 11)}" fill="${fill}" font-weight="700">${escapeXml(a)}</text>`);
    out.push(`<text x="${n(cx)}" y="${n(headingTop + 24)}" fill="${fill}" font-weight="700">${escapeXml(b)}</text>`);
  }
  out.push(`<text x="${n(LABELS_X)}" y="${n(headingTop + 24)}" text-anchor="start" fill="${MUTED}">range, kind: name</text>`);
  out.push("</g>");
  return out;
}

/** The grey column backgrounds, on the axis and behind the off-axis rows. */
function drawColumns({ axisRows, axisTop, axisBottom, offAxis, offAxisTop, bodyBottom }: AddressPlanLayout): string[] {
  const out = [`<g class="columns">`];
  for (const kind of ADDRESS_RANGE_KINDS) {
    const x = columnX(kind);
    if (axisRows.length > 0) out.push(`<rect x="${n(x)}" y="${n(axisTop)}" width="${COLUMN_WIDTH}" height="${n(axisBottom - axisTop)}" fill="#f5f5f5"/>`);
    if (offAxis.length > 0) out.push(`<rect x="${n(x)}" y="${n(offAxisTop)}" width="${COLUMN_WIDTH}" height="${n(bodyBottom - 6 - offAxisTop)}" fill="#f5f5f5"/>`);
  }
  out.push("</g>");
  return out;
}

/** Overlap bands behind the bars: rows where two colliding ranges both lie, red when Azure refuses the overlap, yellow when it tolerates it. */
function drawOverlapBands({ axisRows, partners }: AddressPlanLayout): string[] {
  const out = [`<g class="overlaps">`];
  for (const r of axisRows) {
    if (r.type !== "axis") continue;
    const here = r.members.flatMap((i) => (partners.get(i) ?? []).filter((p) => r.members.includes(p.index)));
    const severity = worstSeverity(here);
    if (severity === "error") {
      out.push(`<rect class="overlap" x="${n(MARGIN)}" y="${n(r.top)}" width="${n(COLUMNS_RIGHT - MARGIN)}" height="${n(r.height)}" fill="${CONFLICT}" fill-opacity="0.16"/>`);
    } else if (severity === "warning") {
      out.push(`<rect class="overlap tolerated" x="${n(MARGIN)}" y="${n(r.top)}" width="${n(COLUMNS_RIGHT - MARGIN)}" height="${n(r.height)}" fill="${TOLERATED}" fill-opacity="0.4"/>`);
    }
  }
  out.push("</g>");
  return out;
}

/** A grid line across the picture, from the addresses to the labels' right edge. */
function gridLine(y: number, width: number): string {
  return `<line x1="${n(MARGIN)}" y1="${n(y)}" x2="${n(width - MARGIN)}" y2="${n(y)}" stroke="${GRID}" stroke-width="1"/>`;
}

/** Grid: each axis row's top edge, and the axis's bottom edge; zigzags for skipped space. */
function drawGrid({ axisRows, axisBottom, width }: AddressPlanLayout, id: string): string[] {
  const out = [`<g class="grid" fill="none">`];
  for (const r of axisRows) {
    out.push(r.type === "axis" ? gridLine(r.top, width) : skipStrip(`${id}-skip`, COLUMNS_X - 6, COLUMNS_RIGHT, r.top + r.height / 2));
  }
  if (axisRows.length > 0) out.push(gridLine(axisBottom, width));
  out.push("</g>");
  return out;
}

/** The start address of each axis row; where skipped space starts is where the range above it ends (+1). */
function startAddress(r: Row): string {
  if (r.type === "axis") return `<text x="${MARGIN}" y="${n(r.top + BASELINE)}">${formatIpv4(r.start)}</text>`;
  return `<text class="skip-start" x="${MARGIN}" y="${n(r.top + 11.5)}" font-size="10.5" fill="${MUTED}">${formatIpv4(r.start)}</text>`;
}

/** Start addresses of the axis rows, and the titles of the off-axis rows. */
function drawAddresses({ axisRows, offAxis }: AddressPlanLayout): string[] {
  return [
    `<g class="addresses" font-family="${MONO}" font-size="${LABEL_SIZE}" fill="${INK}">`,
    ...axisRows.map(startAddress),
    ...offAxis.map(
      (r) => `<text x="${MARGIN}" y="${n(r.top + BASELINE + 2)}" fill="${MUTED}" font-style="italic">${OFF_AXIS_TITLES[r.type as "unknown" | "ipv6" | "invalid"]}</text>`,
    ),
    "</g>",
  ];
}

/** The marker before a label line: a swatch of the range's kind, the DNS diamond, or nothing. */
function labelMarker(line: LabelLine, base: number, id: string): string {
  if (line.marker === "swatch" && line.kind) {
    const c = COLOURS[line.kind];
    return `<rect x="${n(LABELS_X)}" y="${n(base - 9.5)}" width="10" height="10" fill="${line.hatched ? `url(#${id}-hatch)` : c.fill}" stroke="${c.stroke}" stroke-width="1.2"${line.defaulted ? ` stroke-dasharray="2.5 1.5"` : ""}/>`;
  }
  if (line.marker === "diamond") return `<path d="${diamond(LABELS_X + 5, base - 4.5, 5.5)}" fill="${INK}" stroke="#ffffff" stroke-width="1"/>`;
  return "";
}

/** A label's lines, each with its marker, at the label's place. */
function drawLabel(layout: AddressPlanLayout, id: string, label: Label, cls: string): string[] {
  const at = layout.labelPlaces.get(label)!;
  const first = at.row.top + BASELINE + (at.row.type === "axis" ? 0 : 2);
  return label.lines.map((line, k) => {
    const base = first + (at.line + k) * LINE;
    const text = `<text class="${cls}" x="${n(LABELS_X + TEXT_INDENT)}" y="${n(base)}" font-family="${MONO}" font-size="${LABEL_SIZE}" fill="${INK}">${renderRuns(line.runs)}</text>`;
    return labelMarker(line, base, id) + text;
  });
}

/** Fill and stroke of a bar: hatched when unknown, white when invalid, red-edged when Azure refuses an overlap of it, yellow-edged when it tolerates one. */
function barColours(kind: AddressRangeKind, p: RangePlacement, conflict: Severity | undefined, id: string): { fill: string; stroke: string } {
  const c = COLOURS[kind];
  const fill = p.on === "unknown" ? `url(#${id}-hatch)` : p.on === "invalid" ? "#ffffff" : c.fill;
  const stroke = conflict === "error" || p.on === "invalid" ? CONFLICT : conflict === "warning" ? TOLERATED_STROKE : c.stroke;
  return { fill, stroke };
}

/** One range: a group with its data attributes, its bar (with "v6" on IPv6 bars) and its label. */
function drawRange(layout: AddressPlanLayout, id: string, i: number): string[] {
  const r = layout.view.ranges[i]!;
  const p = layout.placements[i]!;
  const conflict = worstSeverity(layout.partners.get(i));
  const { x, w, top, bottom } = layout.bars.get(i)!;
  const { fill, stroke } = barColours(r.kind, p, conflict, id);
  const attrs = [
    `class="range"`,
    `data-index="${i}"`,
    `data-kind="${r.kind}"`,
    `data-cidr="${escapeXml(r.cidr ?? "")}"`,
    `data-placement="${p.on}"`,
    conflict ? `data-overlap="${conflict}"` : "",
    r.defaulted ? `data-defaulted="true"` : "",
  ].filter(Boolean);
  const out = [
    `<g ${attrs.join(" ")}>`,
    `<rect class="bar" x="${n(x)}" y="${n(top)}" width="${n(w)}" height="${n(Math.max(2, bottom - top))}" fill="${fill}" stroke="${stroke}" stroke-width="${conflict ? 2.5 : 1.2}"${r.defaulted ? ` stroke-dasharray="5 3"` : ""}/>`,
  ];
  if (p.on === "ipv6") {
    out.push(`<text class="bar-note" x="${n(x + w / 2)}" y="${n(top + (bottom - top) / 2 + 4)}" font-family="${MONO}" font-size="10" text-anchor="middle" fill="${COLOURS[r.kind].text}">v6</text>`);
  }
  out.push(...drawLabel(layout, id, layout.rangeLabels.get(i)!, "range-label"), "</g>");
  return out;
}

/** Bars and labels, one group per range. */
function drawRanges(layout: AddressPlanLayout, id: string): string[] {
  return [`<g class="ranges">`, ...layout.view.ranges.flatMap((_, i) => drawRange(layout, id, i)), "</g>"];
}

/** The DNS service IP: a diamond in the service column, at its place within the row, and its label. */
function drawDnsServiceIp(layout: AddressPlanLayout, id: string): string[] {
  const { dns, dnsLabel, dnsMarker, view } = layout;
  if (!dnsLabel || !dns || !dnsMarker) return [];
  return [
    `<g class="dns" data-address="${escapeXml(view.dnsServiceIp!.address)}"${dns.insideService ? "" : ` data-outside="true"`}>`,
    `<path class="dns-marker" d="${diamond(dnsMarker.cx, dnsMarker.cy, 6)}" fill="${dns.insideService ? INK : CONFLICT}" stroke="#ffffff" stroke-width="1.2"/>`,
    ...drawLabel(layout, id, dnsLabel, "dns-label"),
    "</g>",
  ];
}

/** The symbol of each legend item, left of its text at `x`, on the line whose baseline is `base`. */
const LEGEND_SYMBOLS: Readonly<Record<LegendKey, (x: number, base: number, id: string) => string>> = {
  hatch: (x, base, id) => `<rect x="${n(x)}" y="${n(base - 10)}" width="18" height="12" fill="url(#${id}-hatch)" stroke="${MUTED}"/>`,
  dashed: (x, base) => `<rect x="${n(x)}" y="${n(base - 10)}" width="18" height="12" fill="#ffffff" stroke="${MUTED}" stroke-dasharray="4 2.5"/>`,
  overlap: (x, base) => `<rect x="${n(x)}" y="${n(base - 10)}" width="18" height="12" fill="${CONFLICT}" fill-opacity="0.16" stroke="${CONFLICT}" stroke-width="2"/>`,
  tolerated: (x, base) => `<rect x="${n(x)}" y="${n(base - 10)}" width="18" height="12" fill="${TOLERATED}" fill-opacity="0.4" stroke="${TOLERATED_STROKE}" stroke-width="2"/>`,
  dns: (x, base) => `<path d="${diamond(x + 9, base - 4, 6)}" fill="${INK}"/>`,
  zigzag: (x, base, id) => skipStrip(`${id}-skip`, x, x + 18, base - 4),
};

function drawLegendItem(item: LegendItem, base: number, id: string): string[] {
  return [LEGEND_SYMBOLS[item.key](item.x, base, id), `<text class="legend-label" x="${n(item.x + 26)}" y="${n(base)}">${escapeXml(item.text)}</text>`];
}

/** The legend, line by line. */
function drawLegend({ legendLines, legendTop }: AddressPlanLayout, id: string): string[] {
  return [
    `<g class="legend" font-family="${MONO}" font-size="11" fill="${MUTED}">`,
    ...legendLines.flatMap((items, li) => items.flatMap((item) => drawLegendItem(item, legendTop + 14 + li * 20, id))),
    "</g>",
  ];
}

/** Renders the view as a standalone SVG document (UTF-8 text, ending in a newline). */
export function renderAddressPlanSvg(view: AddressPlanView): string {
  const layout = layoutAddressPlan(view);
  const id = idPrefix(view.stack);
  const out = [
    ...drawDocumentStart(layout, id),
    ...drawTitle(layout),
    ...drawHeadings(layout),
    ...drawColumns(layout),
    ...drawOverlapBands(layout),
    ...drawGrid(layout, id),
    ...drawAddresses(layout),
    ...drawRanges(layout, id),
    ...drawDnsServiceIp(layout, id),
    ...drawLegend(layout, id),
    "</svg>",
  ];
  return `${out.join("\n")}\n`;
}
