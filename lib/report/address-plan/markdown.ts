/**
 * Renders an address plan view as Markdown (the picture, a ranges table, a
 * capacity table) and compares two views for a pull-request comment. Pure:
 * the figures come from the view, the overlaps from lib/net's arithmetic.
 */
import { formatIpv4 } from "../../net/cidr";
import {
  ADDRESS_RANGE_KINDS,
  ADDRESS_RANGE_KIND_NAMES,
  type AddressPlanRange,
  type AddressPlanView,
  type CapacityRow,
} from "./view";
import { analysePlan, describeRange, type PlanAnalysis, type RangeOverlap, type RangePlacement } from "./placement";
import { escapeXml } from "./svg";

/** How the Markdown shows the picture. */
export interface AddressPlanPicture {
  /** Address of the SVG, relative to the Markdown file or absolute. */
  readonly href: string;
  /** `true`: an `<img>` (a file next to the SVG); `false`: a link (a comment cannot show a workflow artifact). */
  readonly inline: boolean;
  /** Text of the link when not inline. Default: the last segment of `href`. */
  readonly text?: string;
}

/** Options of {@link renderAddressPlanMarkdown}. */
export interface AddressPlanMarkdownOptions {
  /** The picture, or `false` for none. Default: `address-plan.svg` next to the Markdown, inline. */
  readonly picture?: AddressPlanPicture | false;
  /** Level of the title heading, 1 to 5; tables get the next level. Default 2. */
  readonly headingLevel?: number;
}

/** Options of {@link diffAddressPlans}. */
export interface AddressPlanDiffOptions {
  /** Level of the title heading, 1 to 5; sections get the next level. Default 3. */
  readonly headingLevel?: number;
  /** The stack name to use when neither side has a view. */
  readonly stack?: string;
}

/** Escapes text for a Markdown table cell: no formatting, no HTML, no cell breaks. */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/\r?\n/g, " ")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/[\\`*_[\]|~#]/g, (c) => `\\${c}`);
}

/** A link destination without the characters that end one: spaces and parentheses. */
function linkTarget(href: string): string {
  return href.replace(/[()\s]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, "0")}`);
}

/** An inline code span that survives backticks and table pipes in its text. */
function code(text: string): string {
  const fence = text.includes("`") ? "``" : "`";
  const pad = fence.length > 1 ? " " : "";
  return `${fence}${pad}${text.replace(/\|/g, "\\|").replace(/\r?\n/g, " ")}${pad}${fence}`;
}

/** 65531 → "65,531"; deterministic, unlike toLocaleString. */
export function formatCount(value: number): string {
  const sign = value < 0 ? "-" : "";
  const [whole, fraction] = String(Math.abs(value)).split(".");
  const grouped = whole!.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return `${sign}${grouped}${fraction ? `.${fraction}` : ""}`;
}

const UNKNOWN = "*known at apply time*";

const heading = (level: number, text: string) => `${"#".repeat(Math.min(6, Math.max(1, level)))} ${text}`;

function table(head: readonly string[], align: readonly ("l" | "r")[], rows: readonly (readonly string[])[]): string[] {
  return [
    `| ${head.join(" | ")} |`,
    `| ${align.map((a) => (a === "r" ? "---:" : "---")).join(" | ")} |`,
    ...rows.map((r) => `| ${r.map((c) => c || " ").join(" | ")} |`),
  ];
}

/** The view's ranges with their original index, grouped by kind in the renderers' order. */
function sortedRanges(view: AddressPlanView): { range: AddressPlanRange; index: number }[] {
  return view.ranges
    .map((range, index) => ({ range, index }))
    .sort((a, b) => ADDRESS_RANGE_KINDS.indexOf(a.range.kind) - ADDRESS_RANGE_KINDS.indexOf(b.range.kind) || a.index - b.index);
}

const rangeText = (r: AddressPlanRange) => (r.cidr === undefined ? UNKNOWN : code(r.cidr));

/** The one-line verdict, from the analysis the picture's verdict words too: overlaps, a stray DNS IP, unknowns. */
function verdict({ view, overlaps: found, dns, unknownRanges: unknown, connectedDeclared }: PlanAnalysis): string {
  const pairs = (list: readonly RangeOverlap[]) =>
    list.map(({ a, b, rule }) => `${escapeMarkdown(describeRange(view.ranges[a]!))} and ${escapeMarkdown(describeRange(view.ranges[b]!))} [${rule}]`).join("; ");
  const refused = found.filter((o) => o.severity === "error");
  const tolerated = found.filter((o) => o.severity === "warning");
  const parts: string[] = [];
  if (found.length === 0) parts.push("**No overlaps.**");
  if (refused.length > 0) parts.push(`**${refused.length} overlap${refused.length === 1 ? "" : "s"} Azure refuses:** ${pairs(refused)}.`);
  if (tolerated.length > 0) parts.push(`**${tolerated.length} overlap${tolerated.length === 1 ? " Azure tolerates (a warning)" : "s Azure tolerates (warnings)"}:** ${pairs(tolerated)}.`);
  if (dns && !dns.insideService) parts.push(`**The DNS service IP ${escapeMarkdown(view.dnsServiceIp!.address)} is not inside the service range.**`);
  if (unknown > 0) parts.push(`${unknown} range${unknown === 1 ? " is" : "s are"} known only at apply time and not checked here.`);
  if (!connectedDeclared) {
    parts.push("No connected networks are declared (`network.connectedNetworks`), so overlaps with peered and on-premises ranges are not checked.");
  }
  return parts.join(" ");
}

function capacityCell(value: number | undefined, unit?: string): string {
  if (value === undefined) return UNKNOWN;
  return unit ? `${formatCount(value)} ${escapeMarkdown(unit)}` : formatCount(value);
}

function headroomCell(row: CapacityRow): string {
  if (row.headroom === undefined) return UNKNOWN;
  return row.headroom < 0 ? `**${formatCount(row.headroom)} (short)**` : formatCount(row.headroom);
}

/** The picture: an `<img>` inside a link to the SVG, or only a link; none with `false`. */
function pictureLines(view: AddressPlanView, picture: AddressPlanPicture | false): string[] {
  if (!picture) return [];
  const href = escapeXml(picture.href);
  if (picture.inline) {
    const alt = `Address plan of ${view.stack}: ${view.ranges.length} ranges on the IPv4 address axis`;
    return [`<a href="${href}"><img src="${href}" alt="${escapeXml(alt)}"></a>`, ""];
  }
  return [`Picture: [${escapeMarkdown(picture.text ?? picture.href.split("/").pop() ?? picture.href)}](${linkTarget(picture.href)})`, ""];
}

/** A range's first and last address, "IPv6" for an IPv6 range, nothing when unknown or invalid. */
function spanCell(p: RangePlacement): string {
  if (p.on === "ipv6") return "IPv6";
  if (p.on !== "axis") return "";
  return p.first === p.last ? formatIpv4(p.first) : `${formatIpv4(p.first)} - ${formatIpv4(p.last)}`;
}

/** What a reader should know about a range: API default, unknown or invalid, and what it overlaps. */
function notesCell({ view, placements, partners }: PlanAnalysis, index: number): string {
  const notes: string[] = [];
  if (view.ranges[index]!.defaulted) notes.push("API default");
  const p = placements[index]!;
  if (p.on === "unknown") notes.push("not checked until apply");
  if (p.on === "invalid") notes.push(`**not a valid CIDR:** ${escapeMarkdown(p.problem)}`);
  for (const { index: j, rule, severity } of partners.get(index) ?? []) {
    notes.push(`**overlaps** ${escapeMarkdown(describeRange(view.ranges[j]!))} [${rule}${severity === "warning" ? ", tolerated" : ""}]`);
  }
  return notes.join("; ");
}

/** The ranges table's rows, by kind, with the DNS service IP after the last service range (or last of all). */
function rangeTableRows(analysis: PlanAnalysis): string[][] {
  const { view } = analysis;
  const rows: string[][] = [];
  for (const { range, index } of sortedRanges(view)) {
    rows.push([ADDRESS_RANGE_KIND_NAMES[range.kind], rangeText(range), spanCell(analysis.placements[index]!), escapeMarkdown(range.label), code(range.path), notesCell(analysis, index)]);
    if (range.kind === "service" && view.dnsServiceIp && !view.ranges.slice(index + 1).some((r) => r.kind === "service")) {
      rows.push(dnsRow(analysis));
    }
  }
  if (view.dnsServiceIp && !view.ranges.some((r) => r.kind === "service")) rows.push(dnsRow(analysis));
  return rows;
}

/** The capacity table, or a line saying there are no figures. */
function capacityLines(capacity: readonly CapacityRow[]): string[] {
  if (capacity.length === 0) return ["No capacity figures.", ""];
  return [
    ...table(
      ["Figure", "Capacity", "Demand", "Headroom", "How"],
      ["l", "r", "r", "r", "l"],
      capacity.map((c) => [escapeMarkdown(c.label), capacityCell(c.value, c.unit), capacityCell(c.demand), headroomCell(c), escapeMarkdown(c.basis)]),
    ),
    "",
  ];
}

/** Renders one stack's address plan as Markdown (ending in a newline). */
export function renderAddressPlanMarkdown(view: AddressPlanView, options: AddressPlanMarkdownOptions = {}): string {
  const level = options.headingLevel ?? 2;
  const picture = options.picture === undefined ? { href: "address-plan.svg", inline: true } : options.picture;
  const analysis = analysePlan(view);
  const out: string[] = [
    heading(level, `Address plan: ${code(view.stack)}`),
    "",
    ...pictureLines(view, picture),
    verdict(analysis),
    "",
    heading(level + 1, "Ranges"),
    "",
    ...table(["Kind", "Range", "First - last", "Name", "From", "Notes"], ["l", "l", "l", "l", "l", "l"], rangeTableRows(analysis)),
    "",
    heading(level + 1, "Capacity"),
    "",
    ...capacityLines(view.capacity),
  ];
  return `${out.join("\n").trimEnd()}\n`;
}

function dnsRow({ view, dns: placed }: PlanAnalysis): string[] {
  const dns = view.dnsServiceIp!;
  const notes = [dns.defaulted ? "API default" : "", placed && !placed.insideService ? "**not inside the service range**" : "inside the service range"].filter(Boolean);
  return ["DNS service IP", code(dns.address), "", "", code(dns.path), notes.join("; ")];
}

/** How a range is paired across commits: its kind and config path, plus its CIDR where a path is shared. */
function rangeKeys(view: AddressPlanView): Map<string, AddressPlanRange> {
  const count = new Map<string, number>();
  for (const r of view.ranges) count.set(`${r.kind}\u0000${r.path}`, (count.get(`${r.kind}\u0000${r.path}`) ?? 0) + 1);
  const keyed = new Map<string, AddressPlanRange>();
  for (const r of view.ranges) {
    const base = `${r.kind}\u0000${r.path}`;
    let key = count.get(base)! > 1 ? `${base}\u0000${r.cidr ?? r.label}` : base;
    for (let k = 2; keyed.has(key); k++) key = `${base}\u0000${r.cidr ?? r.label}\u0000${k}`;
    keyed.set(key, r);
  }
  return keyed;
}

function rangeCell(r: AddressPlanRange | undefined): string {
  if (!r) return "";
  return `${rangeText(r)} ${escapeMarkdown(r.label)}${r.defaulted ? " (API default)" : ""}`;
}

function figureCell(row: CapacityRow | undefined): string {
  if (!row) return "";
  const part = (v: number | undefined) => (v === undefined ? "?" : formatCount(v));
  const headroom = row.headroom === undefined ? "?" : row.headroom < 0 ? `**${formatCount(row.headroom)} (short)**` : formatCount(row.headroom);
  return `${part(row.value)} for ${part(row.demand)} ${escapeMarkdown(row.unit)}, headroom ${headroom}`;
}

function headroomChange(before: CapacityRow | undefined, after: CapacityRow | undefined): string {
  if (!before || !after) return "";
  if (before.headroom === undefined || after.headroom === undefined) return before.headroom === after.headroom ? "" : "?";
  const d = after.headroom - before.headroom;
  return d === 0 ? "0" : `${d > 0 ? "+" : ""}${formatCount(d)}`;
}

const sameRange = (a: AddressPlanRange, b: AddressPlanRange) => a.cidr === b.cidr && a.label === b.label && a.defaulted === b.defaulted;
const sameRow = (a: CapacityRow, b: CapacityRow) =>
  a.value === b.value && a.demand === b.demand && a.headroom === b.headroom && a.unit === b.unit && a.label === b.label;

/** Why there is nothing to compare when a side has no view. */
function missingSideText(before: AddressPlanView | undefined, after: AddressPlanView | undefined): string {
  if (!before && !after) return "No address plan on either side.";
  if (!before) return "No address plan on the base branch to compare with (a new environment, or a base from before address plans).";
  return "No address plan after this change (the environment is removed, or its synth failed).";
}

const dnsCell = (v: AddressPlanView) => (v.dnsServiceIp ? `${code(v.dnsServiceIp.address)}${v.dnsServiceIp.defaulted ? " (API default)" : ""}` : "");

/** The DNS service IP's row of the ranges table, when it was added, removed or changed. */
function dnsChange(before: AddressPlanView, after: AddressPlanView): string[][] {
  if (dnsCell(before) === dnsCell(after)) return [];
  const change = !before.dnsServiceIp ? "added" : !after.dnsServiceIp ? "removed" : "changed";
  return [[change, `DNS service IP ${code((after.dnsServiceIp ?? before.dnsServiceIp)!.path)}`, dnsCell(before), dnsCell(after)]];
}

/** Ranges added, changed and removed (paired by {@link rangeKeys}), then the DNS service IP. */
function rangeChanges(before: AddressPlanView, after: AddressPlanView): string[][] {
  const rows: string[][] = [];
  const b = rangeKeys(before);
  const a = rangeKeys(after);
  const what = (r: AddressPlanRange) => `${ADDRESS_RANGE_KIND_NAMES[r.kind]} ${code(r.path)}`;
  for (const [key, r] of a) {
    const old = b.get(key);
    if (!old) rows.push(["added", what(r), "", rangeCell(r)]);
    else if (!sameRange(old, r)) rows.push(["changed", what(r), rangeCell(old), rangeCell(r)]);
  }
  for (const [key, r] of b) if (!a.has(key)) rows.push(["removed", what(r), rangeCell(r), ""]);
  return [...rows, ...dnsChange(before, after)];
}

/** A view's overlaps by what they are, not by index, so that two views' overlaps compare. */
const overlapSet = (v: AddressPlanView) =>
  new Set(analysePlan(v).overlaps.map(({ a: i, b: j, rule }) => `${[describeRange(v.ranges[i]!), describeRange(v.ranges[j]!)].sort().join(" and ")} [${rule}]`));

/** Overlaps that appear, then overlaps that go. */
function overlapChanges(before: AddressPlanView, after: AddressPlanView): string[][] {
  const ob = overlapSet(before);
  const oa = overlapSet(after);
  return [
    ...[...oa].filter((o) => !ob.has(o)).map((o) => ["**new overlap**", escapeMarkdown(o)]),
    ...[...ob].filter((o) => !oa.has(o)).map((o) => ["resolved", escapeMarkdown(o)]),
  ];
}

/** Capacity figures added, changed (with the change of headroom) and removed, paired by key. */
function capacityChanges(before: AddressPlanView, after: AddressPlanView): string[][] {
  const rows: string[][] = [];
  const cb = new Map(before.capacity.map((c) => [c.key, c]));
  const ca = new Map(after.capacity.map((c) => [c.key, c]));
  const figure = (c: CapacityRow) => escapeMarkdown(c.label);
  for (const [key, c] of ca) {
    const old = cb.get(key);
    if (!old) rows.push(["added", figure(c), "", figureCell(c), ""]);
    else if (!sameRow(old, c)) rows.push(["changed", figure(c), figureCell(old), figureCell(c), headroomChange(old, c)]);
  }
  for (const [key, c] of cb) if (!ca.has(key)) rows.push(["removed", figure(c), figureCell(c), "", ""]);
  return rows;
}

/** A section of the diff: its heading and table, or nothing when it has no rows. */
function diffSection(level: number, title: string, head: readonly string[], align: readonly ("l" | "r")[], rows: readonly (readonly string[])[]): string[] {
  return rows.length === 0 ? [] : [heading(level, title), "", ...table(head, align, rows), ""];
}

/** The sections of two views' differences, or "No change" when there are none. */
function changeSections(before: AddressPlanView, after: AddressPlanView, level: number): string[] {
  const ranges = rangeChanges(before, after);
  const overlaps = overlapChanges(before, after);
  const capacity = capacityChanges(before, after);
  if (ranges.length === 0 && overlaps.length === 0 && capacity.length === 0) return ["No change to the address plan."];
  return [
    ...diffSection(level, "Ranges", ["Change", "Range", "Before", "After"], ["l", "l", "l", "l"], ranges),
    ...diffSection(level, "Overlaps", ["Change", "Ranges"], ["l", "l"], overlaps),
    ...diffSection(level, "Capacity", ["Change", "Figure", "Before", "After", "Headroom change"], ["l", "l", "r", "r", "r"], capacity),
  ];
}

/**
 * What changed between two views of one stack, as Markdown for a pull-request
 * comment: ranges (and the DNS service IP) added, removed or changed,
 * overlaps that appear or go, and capacity figures with their headroom.
 * Says "No change" when nothing did. `undefined` stands for a side that has
 * no address plan (a new environment, or a base from before address plans).
 */
export function diffAddressPlans(before: AddressPlanView | undefined, after: AddressPlanView | undefined, options: AddressPlanDiffOptions = {}): string {
  const level = options.headingLevel ?? 3;
  const stack = after?.stack ?? before?.stack ?? options.stack ?? "?";
  const body = !before || !after ? [missingSideText(before, after)] : changeSections(before, after, level + 1);
  return `${[heading(level, `Address plan changes: ${code(stack)}`), "", ...body].join("\n").trimEnd()}\n`;
}
