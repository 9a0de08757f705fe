/**
 * Where everything in the address plan picture goes: the label of each
 * range, rows cut at every range boundary, the column and lane of each bar,
 * the sections from the title down, and the legend's lines. Geometry only:
 * address-plan-svg.ts draws what this lays out.
 */
import { ADDRESS_RANGE_KINDS, ADDRESS_RANGE_KIND_NAMES, type AddressPlanView, type AddressRangeKind } from "./view";
import { analysePlan, describeRange, type DnsPlacement, type OverlapPartner, type PlanAnalysis, type RangePlacement } from "./placement";
import {
  COLOURS,
  COLUMN_GAP,
  COLUMN_WIDTH,
  CONFLICT_TEXT,
  GAP_ROW,
  GOOD_TEXT,
  INK,
  LABEL_SIZE,
  LINE,
  MARGIN,
  MUTED,
  SECTION_GAP,
  TEXT_INDENT,
  TOLERATED_TEXT,
  monoWidth,
  sansWidth,
} from "./svg-style";

/** A run of text in a label line. */
export interface Run {
  readonly text: string;
  readonly fill?: string;
  readonly bold?: boolean;
  readonly italic?: boolean;
  /** Space before the run, in pixels. */
  readonly gap?: number;
}

/** One line of a label, with the marker drawn before it. */
export interface LabelLine {
  readonly runs: readonly Run[];
  readonly marker: "swatch" | "diamond" | "none";
  readonly kind?: AddressRangeKind;
  readonly hatched?: boolean;
  readonly defaulted?: boolean;
}

/** A label: the text lines of one range or of the DNS service IP. */
export interface Label {
  readonly lines: readonly LabelLine[];
}

/** A range on the IPv4 axis: its index in the view and its first and last addresses. */
interface AxisSpan {
  readonly index: number;
  readonly first: number;
  readonly last: number;
}

/** A horizontal slice of the picture. */
export interface Row {
  readonly type: "axis" | "gap" | "unknown" | "ipv6" | "invalid";
  /** First address (axis and gap rows). */
  readonly start: number;
  /** One past the last address. */
  readonly end: number;
  /** Range indices covering the row (axis rows) or placed in it (other rows). */
  readonly members: readonly number[];
  readonly labels: readonly Label[];
  readonly top: number;
  readonly height: number;
}

/** A row before it is stacked: everything but its top edge. */
type RowShape = Omit<Row, "top">;

/** Where a label's first line goes: its row and the line within the row. */
export interface LabelPlace {
  readonly row: Row;
  readonly line: number;
}

/** A range's lane in its column: `lane` of `lanes` side by side. */
interface Lane {
  readonly lane: number;
  readonly lanes: number;
}

/** What a legend item shows. */
export type LegendKey = "hatch" | "dashed" | "overlap" | "tolerated" | "dns" | "zigzag";

/** A legend item, at its place on its line. */
export interface LegendItem {
  readonly key: LegendKey;
  readonly text: string;
  readonly x: number;
}

/** Every position the drawing needs, from the view. */
export interface AddressPlanLayout {
  readonly view: AddressPlanView;
  readonly placements: readonly RangePlacement[];
  readonly partners: ReadonlyMap<number, readonly OverlapPartner[]>;
  readonly dns: DnsPlacement | undefined;
  /** Each range's label, by index. */
  readonly rangeLabels: ReadonlyMap<number, Label>;
  readonly dnsLabel: Label | undefined;
  readonly title: string;
  readonly verdict: readonly Run[];
  readonly width: number;
  readonly height: number;
  readonly titleBaseline: number;
  readonly verdictBaseline: number;
  readonly subtitle: readonly { readonly text: string; readonly baseline: number }[];
  readonly headingTop: number;
  /** Axis and gap rows, top to bottom; none when no range is on the axis. */
  readonly axisRows: readonly Row[];
  readonly axisTop: number;
  readonly axisBottom: number;
  /** Rows of ranges known at apply time, IPv6 and invalid ranges. */
  readonly offAxis: readonly Row[];
  readonly offAxisTop: number;
  readonly bodyBottom: number;
  readonly labelPlaces: ReadonlyMap<Label, LabelPlace>;
  readonly legendTop: number;
  readonly legendLines: readonly (readonly LegendItem[])[];
  /** Each range's bar. */
  readonly bars: ReadonlyMap<number, Box>;
  /** Centre of the DNS service IP's diamond, when the view has the IP. */
  readonly dnsMarker: { readonly cx: number; readonly cy: number } | undefined;
}

/** A rectangle by its edges and width. */
export interface Box {
  readonly x: number;
  readonly w: number;
  readonly top: number;
  readonly bottom: number;
}

// ---------------------------------------------------------------------------
// Columns
// ---------------------------------------------------------------------------

const ADDRESS_WIDTH = monoWidth("255.255.255.255", LABEL_SIZE) + 12;
/** Left edge of the first column, after the start addresses. */
export const COLUMNS_X = MARGIN + ADDRESS_WIDTH;
/** Right edge of the last column. */
export const COLUMNS_RIGHT = COLUMNS_X + ADDRESS_RANGE_KINDS.length * (COLUMN_WIDTH + COLUMN_GAP) - COLUMN_GAP;
/** Left edge of the labels. */
export const LABELS_X = COLUMNS_RIGHT + 16;

/** Left edge of a kind's column. */
export function columnX(kind: AddressRangeKind): number {
  return COLUMNS_X + ADDRESS_RANGE_KINDS.indexOf(kind) * (COLUMN_WIDTH + COLUMN_GAP);
}

// ---------------------------------------------------------------------------
// Labels and the verdict
// ---------------------------------------------------------------------------

function lineWidth(line: LabelLine): number {
  return TEXT_INDENT + line.runs.reduce((w, r) => w + (r.gap ?? 0) + monoWidth(r.text, LABEL_SIZE), 0);
}

const lineCount = (labels: readonly Label[]): number => labels.reduce((sum, l) => sum + l.lines.length, 0);

/** The first run of a range's label: its CIDR, or that it is known at apply time. */
function rangeHead(cidr: string | undefined, placement: RangePlacement): Run {
  if (placement.on === "unknown") return { text: "known at apply time", bold: true, italic: true, fill: MUTED };
  return { text: cidr ?? "", bold: true, fill: placement.on === "invalid" ? CONFLICT_TEXT : INK };
}

function rangeLabel(view: AddressPlanView, index: number, placement: RangePlacement, partners: readonly OverlapPartner[]): Label {
  const r = view.ranges[index]!;
  const runs: Run[] = [rangeHead(r.cidr, placement), { text: `${ADDRESS_RANGE_KIND_NAMES[r.kind]}: ${r.label}`, fill: COLOURS[r.kind].text, gap: 9 }];
  if (r.defaulted) runs.push({ text: "(API default)", fill: MUTED, gap: 7 });
  const lines: LabelLine[] = [{ runs, marker: "swatch", kind: r.kind, hatched: placement.on === "unknown", defaulted: r.defaulted }];
  if (placement.on === "invalid") {
    lines.push({ marker: "none", runs: [{ text: `not a valid CIDR: ${placement.problem}`, fill: CONFLICT_TEXT }] });
  }
  for (const { index: j, rule, severity } of partners) {
    const o = view.ranges[j]!;
    const text = severity === "error" ? `overlaps ${describeRange(o)} (${rule})` : `overlaps ${describeRange(o)} (${rule}, tolerated)`;
    lines.push({ marker: "none", runs: [{ text, fill: severity === "error" ? CONFLICT_TEXT : TOLERATED_TEXT, bold: true }] });
  }
  return { lines };
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
  return { lines };
}

/** The labels of the ranges, by index, and of the DNS service IP. */
interface PlanLabels {
  readonly ofRange: ReadonlyMap<number, Label>;
  readonly dns: Label | undefined;
}

function labelsOf({ view, placements, partners, dns }: PlanAnalysis): PlanLabels {
  const ofRange = new Map<number, Label>();
  view.ranges.forEach((_, i) => ofRange.set(i, rangeLabel(view, i, placements[i]!, partners.get(i) ?? [])));
  return { ofRange, dns: dns ? dnsLabel(view, dns.insideService, dns.address !== undefined) : undefined };
}

const plural = (count: number, word: string): string => `${count} ${word}${count === 1 ? "" : "s"}`;

/** The verdict, first: what a reviewer looks for before reading the picture. */
function verdictRuns({ overlaps, dns, unknownRanges, connectedDeclared }: PlanAnalysis): Run[] {
  const refused = overlaps.filter((o) => o.severity === "error").length;
  const tolerated = overlaps.length - refused;
  const verdict: Run[] = [];
  if (overlaps.length === 0) verdict.push({ text: "No overlaps", fill: GOOD_TEXT, bold: true });
  if (refused > 0) verdict.push({ text: `${plural(refused, "overlap")} Azure refuses (red bands)`, fill: CONFLICT_TEXT, bold: true });
  if (tolerated > 0) {
    verdict.push({ text: `${refused > 0 ? "; " : ""}${plural(tolerated, "overlap")} Azure tolerates (yellow bands)`, fill: TOLERATED_TEXT, bold: true });
  }
  if (dns && !dns.insideService) verdict.push({ text: "; DNS service IP outside the service range", fill: CONFLICT_TEXT, bold: true });
  if (unknownRanges > 0) verdict.push({ text: `; ${plural(unknownRanges, "range")} known only at apply time, not checked`, fill: MUTED });
  if (!connectedDeclared) verdict.push({ text: "; no connected networks declared, so peered and on-premises ranges are not checked", fill: MUTED });
  return verdict;
}

// ---------------------------------------------------------------------------
// Rows
// ---------------------------------------------------------------------------

/** Minimum height of an axis row: grows with log2 of the addresses it spans. */
function axisRowHeight(size: number): number {
  return 18 + 2 * Math.log2(Math.max(1, size));
}

function axisSpans(placements: readonly RangePlacement[]): AxisSpan[] {
  return placements.flatMap((p, index) => (p.on === "axis" ? [{ index, first: p.first, last: p.last }] : []));
}

/** Where rows start, sorted: every range boundary, and the DNS IP's own address when no range holds it. */
function rowCuts(axis: readonly AxisSpan[], dnsAddress: number | undefined): number[] {
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
  return [...cuts].sort((a, b) => a - b);
}

/** Adds unused addresses to the rows: one gap row, merged with a gap row just above. */
function appendGap(rows: RowShape[], start: number, end: number): void {
  const prev = rows[rows.length - 1];
  if (prev && prev.type === "gap") rows[rows.length - 1] = { ...prev, end };
  else rows.push({ type: "gap", start, end, members: [], labels: [], height: GAP_ROW });
}

/** An axis row, with the labels of the ranges that start in it (and of the DNS IP when it lies in it). */
function axisRow(start: number, end: number, members: number[], axis: readonly AxisSpan[], hasDns: boolean, labels: PlanLabels): RowShape {
  const rowLabels = axis.filter((s) => s.first === start).map((s) => labels.ofRange.get(s.index)!);
  if (hasDns && labels.dns) rowLabels.push(labels.dns);
  return { type: "axis", start, end, members, labels: rowLabels, height: Math.max(axisRowHeight(end - start), 5 + lineCount(rowLabels) * LINE) };
}

/**
 * The axis cut at every range boundary (and at the DNS IP when no range
 * holds it). A leading or trailing gap frames the axis, so there are no rows
 * at all when no row is on the axis.
 */
function axisRowShapes(axis: readonly AxisSpan[], dnsAddress: number | undefined, labels: PlanLabels): RowShape[] {
  const points = rowCuts(axis, dnsAddress);
  const rows: RowShape[] = [];
  for (let k = 0; k + 1 < points.length; k++) {
    const start = points[k]!;
    const end = points[k + 1]!;
    const members = axis.filter((s) => s.first <= start && end - 1 <= s.last).map((s) => s.index);
    const hasDns = dnsAddress !== undefined && start <= dnsAddress && dnsAddress < end;
    if (members.length === 0 && !hasDns) appendGap(rows, start, end);
    else rows.push(axisRow(start, end, members, axis, hasDns, labels));
  }
  return rows.some((r) => r.type === "axis") ? rows : [];
}

const OFF_AXIS_TYPES = ["unknown", "ipv6", "invalid"] as const;

/** One row per kind of range that is not on the axis; a DNS IP that does not parse goes with the invalid ranges. */
function offAxisRowShapes(placements: readonly RangePlacement[], labels: PlanLabels, dns: DnsPlacement | undefined): RowShape[] {
  const rows: RowShape[] = [];
  for (const type of OFF_AXIS_TYPES) {
    const members = placements.flatMap((p, i) => (p.on === type ? [i] : []));
    const extra = type === "invalid" && labels.dns && dns?.address === undefined ? [labels.dns] : [];
    if (members.length === 0 && extra.length === 0) continue;
    const rowLabels = [...members.map((i) => labels.ofRange.get(i)!), ...extra];
    rows.push({ type, start: 0, end: 0, members, labels: rowLabels, height: Math.max(30, 8 + lineCount(rowLabels) * LINE) });
  }
  return rows;
}

/** Gives rows their top edges, one below the other from `top`, `spacing` apart; returns them and the bottom. */
function stackRows(shapes: readonly RowShape[], top: number, spacing: number): { rows: Row[]; bottom: number } {
  let y = top;
  const rows = shapes.map((shape) => {
    const row = { ...shape, top: y };
    y += shape.height + spacing;
    return row;
  });
  return { rows, bottom: y };
}

/** Where each label goes: its row, and the line within the row after the labels before it. */
function placeLabels(rows: readonly Row[]): Map<Label, LabelPlace> {
  const places = new Map<Label, LabelPlace>();
  for (const row of rows) {
    let line = 0;
    for (const label of row.labels) {
      places.set(label, { row, line });
      line += label.lines.length;
    }
  }
  return places;
}

// ---------------------------------------------------------------------------
// Sizes and sections
// ---------------------------------------------------------------------------

/** Width of the picture: the widest of the labels, the title, the verdict, and 900. */
function pictureWidth(rows: readonly RowShape[], title: string, verdict: readonly Run[]): number {
  const allLabels = rows.flatMap((r) => r.labels);
  const widestLabel = Math.max(320, ...allLabels.flatMap((l) => l.lines.map(lineWidth)));
  const verdictWidth = verdict.reduce((w, r) => w + sansWidth(r.text, 13.5, r.bold), 0);
  return Math.ceil(Math.max(LABELS_X + widestLabel + MARGIN, MARGIN * 2 + sansWidth(title, 18, true), MARGIN * 2 + verdictWidth, 900));
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

const SUBTITLE =
  "IPv4 addresses from the top (0.0.0.0) down; every row starts at the address on its left. Row heights grow with log2 of the addresses they span, so the picture is not to scale. Zigzags skip addresses no range uses.";

/** The sections from the title down to the last row, in the layout's terms. */
type Sections = Pick<
  AddressPlanLayout,
  "titleBaseline" | "verdictBaseline" | "subtitle" | "headingTop" | "axisRows" | "axisTop" | "axisBottom" | "offAxis" | "offAxisTop" | "bodyBottom"
>;

/** Stacks title, verdict, subtitle, column headings, axis rows and off-axis rows, top to bottom. */
function stackSections(axisShapes: readonly RowShape[], offAxisShapes: readonly RowShape[], width: number): Sections {
  const titleBaseline = MARGIN + 18;
  const verdictBaseline = titleBaseline + 22;
  const subtitleTop = verdictBaseline + 6;
  const lines = wrap(SUBTITLE, width - 2 * MARGIN, (s) => sansWidth(s, 12.5));
  const subtitle = lines.map((text, i) => ({ text, baseline: subtitleTop + 14 + i * 17 }));
  const headingTop = subtitleTop + lines.length * 17 + 12;
  const axisTop = headingTop + 34;
  const axis = stackRows(axisShapes, axisTop, 0);
  const offAxisTop = axis.bottom + (offAxisShapes.length > 0 && axisShapes.length > 0 ? SECTION_GAP : 0);
  const offAxis = stackRows(offAxisShapes, offAxisTop, 6);
  return {
    titleBaseline,
    verdictBaseline,
    subtitle,
    headingTop,
    axisRows: axis.rows,
    axisTop,
    axisBottom: axis.bottom,
    offAxis: offAxis.rows,
    offAxisTop,
    bodyBottom: offAxis.bottom,
  };
}

const LEGEND_ITEMS: readonly { key: LegendKey; text: string }[] = [
  { key: "hatch", text: "known at apply time (no address yet)" },
  { key: "dashed", text: "API default (not written in the config)" },
  { key: "overlap", text: "overlap Azure refuses" },
  { key: "tolerated", text: "overlap Azure tolerates (a warning)" },
  { key: "dns", text: "DNS service IP" },
  { key: "zigzag", text: "skipped from the grey address on: no range uses these addresses" },
];

/** The legend items flowed into lines no wider than the picture. */
function flowLegend(width: number): LegendItem[][] {
  const lines: LegendItem[][] = [[]];
  let x = MARGIN;
  for (const item of LEGEND_ITEMS) {
    const w = 26 + monoWidth(item.text, 11) + 22;
    if (x + w > width - MARGIN && lines[lines.length - 1]!.length > 0) {
      lines.push([]);
      x = MARGIN;
    }
    lines[lines.length - 1]!.push({ ...item, x });
    x += w;
  }
  return lines;
}

// ---------------------------------------------------------------------------
// Bars
// ---------------------------------------------------------------------------

/**
 * Lanes inside one column, so that ranges of one kind that overlap sit side
 * by side. Lanes are counted per cluster of overlapping ranges: a range that
 * overlaps nothing of its kind keeps the full column width.
 */
function assignLanes(spans: readonly AxisSpan[]): Map<number, Lane> {
  const sorted = [...spans].sort((x, y) => x.first - y.first || y.last - x.last || x.index - y.index);
  const result = new Map<number, Lane>();
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

/** Lanes per kind: on the axis by overlap clusters, and side by side in each off-axis row. */
function lanesOf(view: AddressPlanView, axis: readonly AxisSpan[], offAxis: readonly Row[]): Map<number, Lane> {
  const laneOf = new Map<number, Lane>();
  for (const kind of ADDRESS_RANGE_KINDS) {
    for (const [i, at] of assignLanes(axis.filter((s) => view.ranges[s.index]!.kind === kind))) laneOf.set(i, at);
    for (const row of offAxis) {
      const here = row.members.filter((i) => view.ranges[i]!.kind === kind);
      here.forEach((i, l) => laneOf.set(i, { lane: l, lanes: here.length }));
    }
  }
  return laneOf;
}

/** The axis rows where each range's bar starts and ends. */
function rowsOfRanges(axisRows: readonly Row[], axis: readonly AxisSpan[]): { start: Map<number, Row>; end: Map<number, Row> } {
  const start = new Map<number, Row>();
  const end = new Map<number, Row>();
  for (const r of axisRows) {
    if (r.type !== "axis") continue;
    for (const s of axis) {
      if (s.first === r.start) start.set(s.index, r);
      if (s.last === r.end - 1) end.set(s.index, r);
    }
  }
  return { start, end };
}

/**
 * Each range's bar: across its lane of its kind's column, and down from
 * the row where it starts to the row where it ends (on the axis) or through
 * its label's row (off the axis).
 */
function barsOf(view: AddressPlanView, placements: readonly RangePlacement[], axis: readonly AxisSpan[], sections: Sections, labelRow: (i: number) => Row): Map<number, Box> {
  const laneOf = lanesOf(view, axis, sections.offAxis);
  const rowOf = rowsOfRanges(sections.axisRows, axis);
  const bars = new Map<number, Box>();
  view.ranges.forEach((r, i) => {
    const { lane, lanes } = laneOf.get(i)!;
    const w = (COLUMN_WIDTH - 8) / lanes;
    const x = columnX(r.kind) + 4 + lane * w;
    if (placements[i]!.on === "axis") {
      const end = rowOf.end.get(i)!;
      bars.set(i, { x, w, top: rowOf.start.get(i)!.top + 1.5, bottom: end.top + end.height - 1.5 });
    } else {
      const row = labelRow(i);
      bars.set(i, { x, w, top: row.top + 2, bottom: row.top + row.height - 2 });
    }
  });
  return bars;
}

/**
 * Centre of the DNS service IP's diamond in the service column: at its
 * place within its axis row, else in the middle of its row.
 */
function dnsMarkerCentre(row: Row, address: number | undefined): { cx: number; cy: number } {
  const cx = columnX("service") + COLUMN_WIDTH / 2;
  if (row.type !== "axis" || address === undefined) return { cx, cy: row.top + row.height / 2 };
  const frac = (address - row.start) / (row.end - row.start);
  return { cx, cy: row.top + Math.min(row.height - 7, Math.max(7, frac * row.height)) };
}

// ---------------------------------------------------------------------------
// The whole picture
// ---------------------------------------------------------------------------

/** Lays out the picture of a view: rows, columns, lanes, label places, sections and legend. */
export function layoutAddressPlan(view: AddressPlanView): AddressPlanLayout {
  const facts = analysePlan(view);
  const labels = labelsOf(facts);
  const axis = axisSpans(facts.placements);
  const axisShapes = axisRowShapes(axis, facts.dns?.address, labels);
  const offAxisShapes = offAxisRowShapes(facts.placements, labels, facts.dns);
  const title = `Address plan: ${view.stack}`;
  const verdict = verdictRuns(facts);
  const width = pictureWidth([...axisShapes, ...offAxisShapes], title, verdict);
  const sections = stackSections(axisShapes, offAxisShapes, width);
  const labelPlaces = placeLabels([...sections.axisRows, ...sections.offAxis]);
  const legendTop = sections.bodyBottom + 14;
  const legendLines = flowLegend(width);
  return {
    view,
    placements: facts.placements,
    partners: facts.partners,
    dns: facts.dns,
    rangeLabels: labels.ofRange,
    dnsLabel: labels.dns,
    title,
    verdict,
    width,
    height: Math.ceil(legendTop + legendLines.length * 20 + MARGIN),
    ...sections,
    labelPlaces,
    legendTop,
    legendLines,
    bars: barsOf(view, facts.placements, axis, sections, (i) => labelPlaces.get(labels.ofRange.get(i)!)!.row),
    dnsMarker: labels.dns && facts.dns ? dnsMarkerCentre(labelPlaces.get(labels.dns)!.row, facts.dns.address) : undefined,
  };
}
