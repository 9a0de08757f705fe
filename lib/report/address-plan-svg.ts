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
 */
import { formatIpv4 } from "../net/cidr";
import { ADDRESS_RANGE_KINDS, ADDRESS_RANGE_KIND_NAMES, type AddressPlanView, type AddressRangeKind } from "./address-plan";
import { findOverlaps, overlapPartners, placeDnsServiceIp, placeRange, type RangePlacement } from "./address-plan-ranges";

/** Colours per kind: Okabe-Ito hues (safe for colour-blind readers), light fills, dark text. */
const COLOURS: Readonly<Record<AddressRangeKind, { stroke: string; fill: string; text: string }>> = {
  vnet: { stroke: "#0072b2", fill: "#c6dff0", text: "#00527f" },
  nodeSubnet: { stroke: "#009e73", fill: "#c2e8dc", text: "#006b4e" },
  otherSubnet: { stroke: "#3a9bd5", fill: "#d6ebf7", text: "#1d6693" },
  pod: { stroke: "#d08c00", fill: "#f7e1b0", text: "#7d5300" },
  service: { stroke: "#b8589a", fill: "#f1d5e7", text: "#8a3a72" },
  connected: { stroke: "#6a51a3", fill: "#ddd6ee", text: "#4b3587" },
  aksReserved: { stroke: "#4d4d4d", fill: "#cfcfcf", text: "#333333" },
  azureReserved: { stroke: "#7a7a7a", fill: "#e4e4e4", text: "#4d4d4d" },
};
const CONFLICT = "#d62728";
const CONFLICT_TEXT = "#b01b1c";
const GOOD_TEXT = "#1a7f37";
const GRID = "#e2e2e2";
const MUTED = "#5f5f5f";
const INK = "#1a1a1a";

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

const MONO = "monospace";
const SANS = "sans-serif";
const MARGIN = 16;
const LABEL_SIZE = 12;
const LINE = 16;
/** Baseline of a row's first line, below the row's top edge. */
const BASELINE = 13;
const COLUMN_WIDTH = 68;
const COLUMN_GAP = 4;
const GAP_ROW = 16;
const SECTION_GAP = 22;

/** Estimated advance of a string: 0.6 em per monospace character (0.62 to be safe), wide scripts 1 em. */
function monoWidth(text: string, size: number): number {
  let w = 0;
  for (const ch of text) w += (ch.codePointAt(0) ?? 0) >= 0x2e80 ? size : size * 0.62;
  return w;
}

/** Estimated advance of sans-serif text; generous, since faces differ by platform. */
function sansWidth(text: string, size: number, bold = false): number {
  let w = 0;
  for (const ch of text) {
    const c = ch.codePointAt(0) ?? 0;
    if (c >= 0x2e80) w += 1;
    else if (ch === " ") w += 0.34;
    else if (/[A-Z]/.test(ch)) w += 0.74;
    else if (/[.,:;'!|il]/.test(ch)) w += 0.34;
    else w += 0.64;
  }
  return w * size * (bold ? 1.08 : 1);
}

/** Escapes text for SVG content and attribute values. */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

/** Numbers in coordinates: at most two decimals, no exponent, so output is stable. */
const n = (v: number): string => String(Math.round(v * 100) / 100);

/** A run of text in a label line. */
interface Run {
  readonly text: string;
  readonly fill?: string;
  readonly bold?: boolean;
  readonly italic?: boolean;
  /** Space before the run, in pixels. */
  readonly gap?: number;
}

/** One line of a label, with the marker drawn before it. */
interface LabelLine {
  readonly runs: readonly Run[];
  readonly marker: "swatch" | "diamond" | "none";
  readonly kind?: AddressRangeKind;
  readonly hatched?: boolean;
  readonly defaulted?: boolean;
}

/** A label: the text lines of one range or of the DNS service IP. */
interface Label {
  readonly index: number | "dns";
  readonly lines: readonly LabelLine[];
}

const TEXT_INDENT = 16;

function lineWidth(line: LabelLine): number {
  return TEXT_INDENT + line.runs.reduce((w, r) => w + (r.gap ?? 0) + monoWidth(r.text, LABEL_SIZE), 0);
}

function rangeLabel(view: AddressPlanView, index: number, placement: RangePlacement, partners: readonly number[]): Label {
  const r = view.ranges[index]!;
  const c = COLOURS[r.kind];
  const what = `${ADDRESS_RANGE_KIND_NAMES[r.kind]}: ${r.label}`;
  const head: Run =
    placement.on === "unknown"
      ? { text: "known at apply time", bold: true, italic: true, fill: MUTED }
      : { text: r.cidr ?? "", bold: true, fill: placement.on === "invalid" ? CONFLICT_TEXT : INK };
  const runs: Run[] = [head, { text: what, fill: c.text, gap: 9 }];
  if (r.defaulted) runs.push({ text: "(API default)", fill: MUTED, gap: 7 });
  const lines: LabelLine[] = [{ runs, marker: "swatch", kind: r.kind, hatched: placement.on === "unknown", defaulted: r.defaulted }];
  if (placement.on === "invalid") {
    lines.push({ marker: "none", runs: [{ text: `not a valid CIDR: ${placement.problem}`, fill: CONFLICT_TEXT }] });
  }
  for (const j of partners) {
    const o = view.ranges[j]!;
    lines.push({
      marker: "none",
      runs: [{ text: `overlaps ${o.cidr ?? "?"} ${ADDRESS_RANGE_KIND_NAMES[o.kind]}: ${o.label}`, fill: CONFLICT_TEXT, bold: true }],
    });
  }
  return { index, lines };
}

function dnsLabel(view: AddressPlanView, insideService: boolean, parsed: boolean): Label {
  const dns = view.dnsServiceIp!;
  const runs: Run[] = [
    { text: dns.address, bold: true, fill: parsed ? INK : CONFLICT_TEXT },
    { text: "DNS service IP", fill: COLOURS.service.text, gap: 9 },
  ];
  if (dns.defaulted) runs.push({ text: "(API default)", fill: MUTED, gap: 7 });
  const lines: LabelLine[] = [{ runs, marker: "diamond" }];
  if (!parsed) lines.push({ marker: "none", runs: [{ text: "not an IPv4 address", fill: CONFLICT_TEXT, bold: true }] });
  else if (!insideService) lines.push({ marker: "none", runs: [{ text: "outside the service range", fill: CONFLICT_TEXT, bold: true }] });
  return { index: "dns", lines };
}

/** A horizontal slice of the picture. */
interface Row {
  readonly type: "axis" | "gap" | "unknown" | "ipv6" | "invalid";
  /** First address (axis and gap rows). */
  readonly start: number;
  /** One past the last address. */
  readonly end: number;
  /** Range indices covering the row (axis rows) or placed in it (other rows). */
  readonly members: readonly number[];
  readonly labels: readonly Label[];
  top: number;
  height: number;
}

const OFF_AXIS_TITLES: Readonly<Record<"unknown" | "ipv6" | "invalid", string>> = {
  unknown: "at apply time",
  ipv6: "IPv6",
  invalid: "invalid",
};

/** Minimum height of an axis row: grows with log2 of the addresses it spans. */
function axisRowHeight(size: number): number {
  return 18 + 2 * Math.log2(Math.max(1, size));
}

/**
 * Lanes inside one column, so that ranges of one kind that overlap sit side
 * by side. Lanes are counted per cluster of overlapping ranges: a range that
 * overlaps nothing of its kind keeps the full column width.
 */
function assignLanes(spans: readonly { index: number; first: number; last: number }[]): Map<number, { lane: number; lanes: number }> {
  const sorted = [...spans].sort((x, y) => x.first - y.first || y.last - x.last || x.index - y.index);
  const result = new Map<number, { lane: number; lanes: number }>();
  let cluster: { index: number; lane: number }[] = [];
  let clusterLast = -1;
  let laneEnds: number[] = [];
  const close = () => {
    for (const c of cluster) result.set(c.index, { lane: c.lane, lanes: Math.max(1, laneEnds.length) });
    cluster = [];
    laneEnds = [];
  };
  for (const s of sorted) {
    if (s.first > clusterLast) close();
    let lane = laneEnds.findIndex((end) => end < s.first);
    if (lane === -1) {
      lane = laneEnds.length;
      laneEnds.push(s.last);
    } else laneEnds[lane] = s.last;
    cluster.push({ index: s.index, lane });
    clusterLast = Math.max(clusterLast, s.last);
  }
  close();
  return result;
}

/** Splits text into lines no wider than `max` pixels (estimated). */
function wrap(text: string, max: number, width: (s: string) => number): string[] {
  const lines: string[] = [];
  let cur = "";
  for (const word of text.split(" ")) {
    const next = cur ? `${cur} ${word}` : word;
    if (cur && width(next) > max) {
      lines.push(cur);
      cur = word;
    } else cur = next;
  }
  if (cur) lines.push(cur);
  return lines;
}

/** An id prefix unique to the stack, so that two plans inlined in one page do not share pattern ids. */
function idPrefix(stack: string): string {
  return `ap-${stack.replace(/[^A-Za-z0-9_-]/g, "_")}`;
}

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

/** Renders the view as a standalone SVG document (UTF-8 text, ending in a newline). */
export function renderAddressPlanSvg(view: AddressPlanView): string {
  const id = idPrefix(view.stack);
  const placements = view.ranges.map(placeRange);
  const found = findOverlaps(view);
  const partners = overlapPartners(view, found);
  const dns = placeDnsServiceIp(view);
  const labelOf = new Map<number, Label>();
  view.ranges.forEach((_, i) => labelOf.set(i, rangeLabel(view, i, placements[i]!, partners.get(i) ?? [])));
  const dnsLbl = dns ? dnsLabel(view, dns.insideService, dns.address !== undefined) : undefined;

  // Rows: cut the axis at every range boundary (and at the DNS IP when no range holds it).
  const axis = placements.flatMap((p, index) => (p.on === "axis" ? [{ index, first: p.first, last: p.last }] : []));
  const dnsAddress = dns?.address;
  const cuts = new Set<number>([0, 2 ** 32]);
  for (const s of axis) {
    cuts.add(s.first);
    cuts.add(s.last + 1);
  }
  const dnsCovered = dnsAddress !== undefined && axis.some((s) => s.first <= dnsAddress && dnsAddress <= s.last);
  if (dnsAddress !== undefined && !dnsCovered) {
    cuts.add(dnsAddress);
    cuts.add(dnsAddress + 1);
  }
  const points = [...cuts].sort((a, b) => a - b);
  const rows: Row[] = [];
  for (let k = 0; k + 1 < points.length; k++) {
    const start = points[k]!;
    const end = points[k + 1]!;
    const members = axis.filter((s) => s.first <= start && end - 1 <= s.last).map((s) => s.index);
    const hasDns = dnsAddress !== undefined && start <= dnsAddress && dnsAddress < end;
    if (members.length === 0 && !hasDns) {
      const prev = rows[rows.length - 1];
      if (prev && prev.type === "gap") rows[rows.length - 1] = { ...prev, end };
      else rows.push({ type: "gap", start, end, members: [], labels: [], top: 0, height: GAP_ROW });
      continue;
    }
    const labels = axis.filter((s) => s.first === start).map((s) => labelOf.get(s.index)!);
    if (hasDns && dnsLbl) labels.push(dnsLbl);
    const lines = labels.reduce((sum, l) => sum + l.lines.length, 0);
    rows.push({ type: "axis", start, end, members, labels, top: 0, height: Math.max(axisRowHeight(end - start), 5 + lines * LINE) });
  }
  // A leading or trailing gap frames the axis; keep it only when some row is on the axis.
  const onAxis = rows.some((r) => r.type === "axis");
  const axisRows = onAxis ? rows : [];
  const offAxis: Row[] = [];
  for (const type of ["unknown", "ipv6", "invalid"] as const) {
    const members = placements.flatMap((p, i) => (p.on === type ? [i] : []));
    const extra = type === "invalid" && dnsLbl && dns?.address === undefined ? [dnsLbl] : [];
    if (members.length === 0 && extra.length === 0) continue;
    const labels = [...members.map((i) => labelOf.get(i)!), ...extra];
    const lines = labels.reduce((sum, l) => sum + l.lines.length, 0);
    offAxis.push({ type, start: 0, end: 0, members, labels, top: 0, height: Math.max(30, 8 + lines * LINE) });
  }

  // Horizontal geometry.
  const addressWidth = monoWidth("255.255.255.255", LABEL_SIZE) + 12;
  const columnsX = MARGIN + addressWidth;
  const columnX = (k: AddressRangeKind) => columnsX + ADDRESS_RANGE_KINDS.indexOf(k) * (COLUMN_WIDTH + COLUMN_GAP);
  const columnsRight = columnsX + ADDRESS_RANGE_KINDS.length * (COLUMN_WIDTH + COLUMN_GAP) - COLUMN_GAP;
  const labelsX = columnsRight + 16;
  const allLabels = [...axisRows, ...offAxis].flatMap((r) => r.labels);
  const widestLabel = Math.max(320, ...allLabels.flatMap((l) => l.lines.map(lineWidth)));
  const title = `Address plan: ${view.stack}`;
  // The verdict first: what a reviewer looks for before reading the picture.
  const unknownCount = placements.filter((p) => p.on === "unknown").length;
  const verdict: Run[] = [
    found.length === 0
      ? { text: "No overlaps", fill: GOOD_TEXT, bold: true }
      : { text: `${found.length} overlap${found.length === 1 ? "" : "s"} (red bands)`, fill: CONFLICT_TEXT, bold: true },
  ];
  if (dns && !dns.insideService) verdict.push({ text: "; DNS service IP outside the service range", fill: CONFLICT_TEXT, bold: true });
  if (unknownCount > 0) verdict.push({ text: `; ${unknownCount} range${unknownCount === 1 ? "" : "s"} known only at apply time, not checked`, fill: MUTED });
  if (!view.ranges.some((r) => r.kind === "connected")) verdict.push({ text: "; no connected networks declared, so peered and on-premises ranges are not checked", fill: MUTED });
  const verdictWidth = verdict.reduce((w, r) => w + sansWidth(r.text, 13.5, r.bold), 0);
  const width = Math.ceil(Math.max(labelsX + widestLabel + MARGIN, MARGIN * 2 + sansWidth(title, 18, true), MARGIN * 2 + verdictWidth, 900));
  const textWidth = width - 2 * MARGIN;

  // Vertical geometry.
  let y = MARGIN;
  const out: string[] = [];
  const titleBaseline = y + 18;
  const verdictBaseline = titleBaseline + 22;
  y = verdictBaseline + 6;
  const subtitle = wrap(
    "IPv4 addresses from the top (0.0.0.0) down; every row starts at the address on its left. Row heights grow with log2 of the addresses they span, so the picture is not to scale. Zigzags skip addresses no range uses.",
    textWidth,
    (s) => sansWidth(s, 12.5),
  );
  const subtitleBaselines = subtitle.map((_, i) => y + 14 + i * 17);
  y += subtitle.length * 17 + 12;
  const headingTop = y;
  y += 34;
  const axisTop = y;
  for (const r of axisRows) {
    r.top = y;
    y += r.height;
  }
  const axisBottom = y;
  if (offAxis.length > 0) y += axisRows.length > 0 ? SECTION_GAP : 0;
  const offAxisTop = y;
  for (const r of offAxis) {
    r.top = y;
    y += r.height + 6;
  }
  const bodyBottom = y;

  // Lanes: per kind, on the axis and in each off-axis row.
  const laneOf = new Map<number, { lane: number; lanes: number }>();
  for (const kind of ADDRESS_RANGE_KINDS) {
    for (const [i, at] of assignLanes(axis.filter((s) => view.ranges[s.index]!.kind === kind))) laneOf.set(i, at);
    for (const row of offAxis) {
      const here = row.members.filter((i) => view.ranges[i]!.kind === kind);
      here.forEach((i, l) => laneOf.set(i, { lane: l, lanes: here.length }));
    }
  }
  const barX = (i: number) => {
    const { lane, lanes } = laneOf.get(i)!;
    const w = (COLUMN_WIDTH - 8) / lanes;
    return { x: columnX(view.ranges[i]!.kind) + 4 + lane * w, w };
  };

  // Legend, flowed into lines.
  const legendItems: { key: string; text: string }[] = [
    { key: "hatch", text: "known at apply time (no address yet)" },
    { key: "dashed", text: "API default (not written in the config)" },
    { key: "overlap", text: "overlap: addresses used twice" },
    { key: "dns", text: "DNS service IP" },
    { key: "zigzag", text: "skipped from the grey address on: no range uses these addresses" },
  ];
  const legendTop = bodyBottom + 14;
  const legendLines: { key: string; text: string; x: number }[][] = [[]];
  let lx = MARGIN;
  for (const item of legendItems) {
    const w = 26 + monoWidth(item.text, 11) + 22;
    if (lx + w > width - MARGIN && legendLines[legendLines.length - 1]!.length > 0) {
      legendLines.push([]);
      lx = MARGIN;
    }
    legendLines[legendLines.length - 1]!.push({ ...item, x: lx });
    lx += w;
  }
  const height = Math.ceil(legendTop + legendLines.length * 20 + MARGIN);

  const rangeKinds = new Set(view.ranges.map((r) => r.kind));
  const summary = `${view.ranges.length} ranges of stack ${view.stack}${view.dnsServiceIp ? `, DNS service IP ${view.dnsServiceIp.address}` : ""}`;
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-labelledby="${id}-title ${id}-desc">`,
    `<title id="${id}-title">${escapeXml(title)}</title>`,
    `<desc id="${id}-desc">${escapeXml(summary)}</desc>`,
    "<defs>",
    `<pattern id="${id}-hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" fill="#ffffff"/><line x1="0" y1="0" x2="0" y2="6" stroke="#8c8c8c" stroke-width="2.2"/></pattern>`,
    `<pattern id="${id}-skip" width="6" height="7" patternUnits="userSpaceOnUse"><path d="M0 3.5 L1.5 1 L4.5 6 L6 3.5" fill="none" stroke="#b0b0b0" stroke-width="1"/></pattern>`,
    "</defs>",
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    `<text class="title" x="${MARGIN}" y="${n(titleBaseline)}" font-family="${SANS}" font-size="18" font-weight="700" fill="${INK}">${escapeXml(title)}</text>`,
    `<text class="verdict" x="${MARGIN}" y="${n(verdictBaseline)}" font-family="${SANS}" font-size="13.5">${renderRuns(verdict)}</text>`,
    ...subtitle.map((s, i) => `<text class="subtitle" x="${MARGIN}" y="${n(subtitleBaselines[i]!)}" font-family="${SANS}" font-size="12.5" fill="${MUTED}">${escapeXml(s)}</text>`),
  );

  // Column headings and backgrounds.
  out.push(`<g class="headings" font-family="${MONO}" font-size="11" text-anchor="middle">`);
  out.push(`<text x="${MARGIN}" y="${n(headingTop + 24)}" text-anchor="start" fill="${MUTED}">start address</text>`);
  for (const kind of ADDRESS_RANGE_KINDS) {
    const cx = columnX(kind) + COLUMN_WIDTH / 2;
    const fill = rangeKinds.has(kind) ? COLOURS[kind].text : "#9a9a9a";
    const [a, b] = HEADINGS[kind];
    out.push(`<text x="${n(cx)}" y="${n(headingTop + 11)}" fill="${fill}" font-weight="700">${escapeXml(a)}</text>`);
    out.push(`<text x="${n(cx)}" y="${n(headingTop + 24)}" fill="${fill}" font-weight="700">${escapeXml(b)}</text>`);
  }
  out.push(`<text x="${n(labelsX)}" y="${n(headingTop + 24)}" text-anchor="start" fill="${MUTED}">range, kind: name</text>`);
  out.push("</g>");

  out.push(`<g class="columns">`);
  for (const kind of ADDRESS_RANGE_KINDS) {
    const x = columnX(kind);
    if (axisRows.length > 0) out.push(`<rect x="${n(x)}" y="${n(axisTop)}" width="${COLUMN_WIDTH}" height="${n(axisBottom - axisTop)}" fill="#f5f5f5"/>`);
    if (offAxis.length > 0) out.push(`<rect x="${n(x)}" y="${n(offAxisTop)}" width="${COLUMN_WIDTH}" height="${n(bodyBottom - 6 - offAxisTop)}" fill="#f5f5f5"/>`);
  }
  out.push("</g>");

  // Overlap bands behind the bars: rows where two colliding ranges both lie.
  out.push(`<g class="overlaps">`);
  for (const r of axisRows) {
    if (r.type !== "axis") continue;
    const clash = r.members.some((i) => (partners.get(i) ?? []).some((j) => r.members.includes(j)));
    if (clash) {
      out.push(`<rect class="overlap" x="${n(MARGIN)}" y="${n(r.top)}" width="${n(columnsRight - MARGIN)}" height="${n(r.height)}" fill="${CONFLICT}" fill-opacity="0.16"/>`);
    }
  }
  out.push("</g>");

  // Grid: each axis row's top edge, from the address to its labels; zigzags for skipped space.
  out.push(`<g class="grid" fill="none">`);
  for (const r of axisRows) {
    if (r.type === "axis") {
      out.push(`<line x1="${n(MARGIN)}" y1="${n(r.top)}" x2="${n(width - MARGIN)}" y2="${n(r.top)}" stroke="${GRID}" stroke-width="1"/>`);
    } else {
      out.push(skipStrip(`${id}-skip`, columnsX - 6, columnsRight, r.top + r.height / 2));
    }
  }
  if (axisRows.length > 0) out.push(`<line x1="${n(MARGIN)}" y1="${n(axisBottom)}" x2="${n(width - MARGIN)}" y2="${n(axisBottom)}" stroke="${GRID}" stroke-width="1"/>`);
  out.push("</g>");

  // Start addresses.
  out.push(`<g class="addresses" font-family="${MONO}" font-size="${LABEL_SIZE}" fill="${INK}">`);
  for (const r of axisRows) {
    if (r.type === "axis") out.push(`<text x="${MARGIN}" y="${n(r.top + BASELINE)}">${formatIpv4(r.start)}</text>`);
    // Where skipped space starts is where the range above it ends (+1).
    else out.push(`<text class="skip-start" x="${MARGIN}" y="${n(r.top + 11.5)}" font-size="10.5" fill="${MUTED}">${formatIpv4(r.start)}</text>`);
  }
  for (const r of offAxis) {
    out.push(`<text x="${MARGIN}" y="${n(r.top + BASELINE + 2)}" fill="${MUTED}" font-style="italic">${OFF_AXIS_TITLES[r.type as "unknown" | "ipv6" | "invalid"]}</text>`);
  }
  out.push("</g>");

  // Bars and labels, one group per range.
  const rowOfStart = new Map<number, Row>();
  for (const r of axisRows) if (r.type === "axis") for (const s of axis) if (s.first === r.start) rowOfStart.set(s.index, r);
  const rowOfEnd = new Map<number, Row>();
  for (const r of axisRows) if (r.type === "axis") for (const s of axis) if (s.last === r.end - 1) rowOfEnd.set(s.index, r);
  const labelLine = new Map<Label, { row: Row; line: number }>();
  for (const r of [...axisRows, ...offAxis]) {
    let line = 0;
    for (const l of r.labels) {
      labelLine.set(l, { row: r, line });
      line += l.lines.length;
    }
  }
  const renderLabel = (label: Label, cls: string): string[] => {
    const at = labelLine.get(label)!;
    return label.lines.map((line, k) => {
      const base = at.row.top + BASELINE + (at.row.type === "axis" ? 0 : 2) + (at.line + k) * LINE;
      const parts: string[] = [];
      if (line.marker === "swatch" && line.kind) {
        const c = COLOURS[line.kind];
        parts.push(
          `<rect x="${n(labelsX)}" y="${n(base - 9.5)}" width="10" height="10" fill="${line.hatched ? `url(#${id}-hatch)` : c.fill}" stroke="${c.stroke}" stroke-width="1.2"${line.defaulted ? ` stroke-dasharray="2.5 1.5"` : ""}/>`,
        );
      } else if (line.marker === "diamond") {
        parts.push(`<path d="${diamond(labelsX + 5, base - 4.5, 5.5)}" fill="${INK}" stroke="#ffffff" stroke-width="1"/>`);
      }
      parts.push(`<text class="${cls}" x="${n(labelsX + TEXT_INDENT)}" y="${n(base)}" font-family="${MONO}" font-size="${LABEL_SIZE}" fill="${INK}">${renderRuns(line.runs)}</text>`);
      return parts.join("");
    });
  };

  out.push(`<g class="ranges">`);
  view.ranges.forEach((r, i) => {
    const p = placements[i]!;
    const c = COLOURS[r.kind];
    const conflict = (partners.get(i) ?? []).length > 0;
    const label = labelOf.get(i)!;
    const at = labelLine.get(label)!;
    let top: number;
    let bottom: number;
    if (p.on === "axis") {
      top = rowOfStart.get(i)!.top + 1.5;
      bottom = rowOfEnd.get(i)!.top + rowOfEnd.get(i)!.height - 1.5;
    } else {
      top = at.row.top + 2;
      bottom = at.row.top + at.row.height - 2;
    }
    const { x, w } = barX(i);
    const fill = p.on === "unknown" ? `url(#${id}-hatch)` : p.on === "invalid" ? "#ffffff" : c.fill;
    const stroke = conflict || p.on === "invalid" ? CONFLICT : c.stroke;
    const attrs = [
      `class="range"`,
      `data-index="${i}"`,
      `data-kind="${r.kind}"`,
      `data-cidr="${escapeXml(r.cidr ?? "")}"`,
      `data-placement="${p.on}"`,
      conflict ? `data-overlap="true"` : "",
      r.defaulted ? `data-defaulted="true"` : "",
    ].filter(Boolean);
    out.push(`<g ${attrs.join(" ")}>`);
    out.push(
      `<rect class="bar" x="${n(x)}" y="${n(top)}" width="${n(w)}" height="${n(Math.max(2, bottom - top))}" fill="${fill}" stroke="${stroke}" stroke-width="${conflict ? 2.5 : 1.2}"${r.defaulted ? ` stroke-dasharray="5 3"` : ""}/>`,
    );
    if (p.on === "ipv6") {
      out.push(`<text class="bar-note" x="${n(x + w / 2)}" y="${n(top + (bottom - top) / 2 + 4)}" font-family="${MONO}" font-size="10" text-anchor="middle" fill="${c.text}">v6</text>`);
    }
    out.push(...renderLabel(label, "range-label"));
    out.push("</g>");
  });
  out.push("</g>");

  // The DNS service IP: a diamond in the service column, at its place within the row.
  if (dnsLbl && dns) {
    const at = labelLine.get(dnsLbl)!;
    const row = at.row;
    const cx = columnX("service") + COLUMN_WIDTH / 2;
    let cy = row.top + row.height / 2;
    if (row.type === "axis" && dns.address !== undefined) {
      const frac = (dns.address - row.start) / (row.end - row.start);
      cy = row.top + Math.min(row.height - 7, Math.max(7, frac * row.height));
    }
    out.push(`<g class="dns" data-address="${escapeXml(view.dnsServiceIp!.address)}"${dns.insideService ? "" : ` data-outside="true"`}>`);
    out.push(`<path class="dns-marker" d="${diamond(cx, cy, 6)}" fill="${dns.insideService ? INK : CONFLICT}" stroke="#ffffff" stroke-width="1.2"/>`);
    out.push(...renderLabel(dnsLbl, "dns-label"));
    out.push("</g>");
  }

  // Legend.
  out.push(`<g class="legend" font-family="${MONO}" font-size="11" fill="${MUTED}">`);
  legendLines.forEach((items, li) => {
    const base = legendTop + 14 + li * 20;
    for (const item of items) {
      const sx = item.x;
      if (item.key === "hatch") out.push(`<rect x="${n(sx)}" y="${n(base - 10)}" width="18" height="12" fill="url(#${id}-hatch)" stroke="${MUTED}"/>`);
      if (item.key === "dashed") out.push(`<rect x="${n(sx)}" y="${n(base - 10)}" width="18" height="12" fill="#ffffff" stroke="${MUTED}" stroke-dasharray="4 2.5"/>`);
      if (item.key === "overlap") out.push(`<rect x="${n(sx)}" y="${n(base - 10)}" width="18" height="12" fill="${CONFLICT}" fill-opacity="0.16" stroke="${CONFLICT}" stroke-width="2"/>`);
      if (item.key === "dns") out.push(`<path d="${diamond(sx + 9, base - 4, 6)}" fill="${INK}"/>`);
      if (item.key === "zigzag") out.push(skipStrip(`${id}-skip`, sx, sx + 18, base - 4));
      out.push(`<text class="legend-label" x="${n(sx + 26)}" y="${n(base)}">${escapeXml(item.text)}</text>`);
    }
  });
  out.push("</g>");
  out.push("</svg>");
  return `${out.join("\n")}\n`;
}
