/**
 * The look of the address plan picture, shared by its layout and its
 * drawing: colours, fonts, sizes, and the text-width estimates that the
 * layout sizes rows and columns by.
 */
import type { AddressRangeKind } from "./view";

/** Colours per kind: Okabe-Ito hues (safe for colour-blind readers), light fills, dark text. */
export const COLOURS: Readonly<Record<AddressRangeKind, { stroke: string; fill: string; text: string }>> = {
  vnet: { stroke: "#0072b2", fill: "#c6dff0", text: "#00527f" },
  nodeSubnet: { stroke: "#009e73", fill: "#c2e8dc", text: "#006b4e" },
  otherSubnet: { stroke: "#3a9bd5", fill: "#d6ebf7", text: "#1d6693" },
  pod: { stroke: "#d08c00", fill: "#f7e1b0", text: "#7d5300" },
  service: { stroke: "#b8589a", fill: "#f1d5e7", text: "#8a3a72" },
  connected: { stroke: "#6a51a3", fill: "#ddd6ee", text: "#4b3587" },
  aksReserved: { stroke: "#4d4d4d", fill: "#cfcfcf", text: "#333333" },
  azureReserved: { stroke: "#7a7a7a", fill: "#e4e4e4", text: "#4d4d4d" },
};
export const CONFLICT = "#d62728";
export const CONFLICT_TEXT = "#b01b1c";
/** An overlap Azure tolerates (a warning rule): Okabe-Ito yellow, apart from the error red and every kind's hue. */
export const TOLERATED = "#f0e442";
export const TOLERATED_STROKE = "#a68f00";
export const TOLERATED_TEXT = "#6b5c00";
export const GOOD_TEXT = "#1a7f37";
export const GRID = "#e2e2e2";
export const MUTED = "#5f5f5f";
export const INK = "#1a1a1a";

export const MONO = "monospace";
export const SANS = "sans-serif";
export const MARGIN = 16;
export const LABEL_SIZE = 12;
export const LINE = 16;
/** Baseline of a row's first line, below the row's top edge. */
export const BASELINE = 13;
export const COLUMN_WIDTH = 68;
export const COLUMN_GAP = 4;
export const GAP_ROW = 16;
export const SECTION_GAP = 22;
/** Space for a label line's marker, before its text. */
export const TEXT_INDENT = 16;

/** Estimated advance of a string: 0.6 em per monospace character (0.62 to be safe), wide scripts 1 em. */
export function monoWidth(text: string, size: number): number {
  let w = 0;
  for (const ch of text) w += (ch.codePointAt(0) ?? 0) >= 0x2e80 ? size : size * 0.62;
  return w;
}

/** Estimated advance of one sans-serif character, in em. */
function sansAdvance(ch: string): number {
  const c = ch.codePointAt(0) ?? 0;
  if (c >= 0x2e80) return 1;
  if (ch === " ") return 0.34;
  if (/[A-Z]/.test(ch)) return 0.74;
  if (/[.,:;'!|il]/.test(ch)) return 0.34;
  return 0.64;
}

/** Estimated advance of sans-serif text; generous, since faces differ by platform. */
export function sansWidth(text: string, size: number, bold = false): number {
  let w = 0;
  for (const ch of text) w += sansAdvance(ch);
  return w * size * (bold ? 1.08 : 1);
}
