/**
 * The address plan files of a cluster, written next to its stack's
 * `cdk.tf.json` at synth: a picture (SVG), a table (Markdown) and the view
 * itself (JSON, which a pull request compares with the base branch's).
 */
import * as fs from "fs";
import * as path from "path";
import type { AddressPlanView } from "./view";
import { renderAddressPlanMarkdown } from "./markdown";
import { renderAddressPlanSvg } from "./svg";

/** Base name of the files; a stack with several clusters adds `-<cluster id>`. */
export const ADDRESS_PLAN_FILE = "address-plan";

/** Writes `<base>.json`, `<base>.svg` and `<base>.md` into `dir`; returns the file names. */
export function writeAddressPlan(dir: string, view: AddressPlanView, base = ADDRESS_PLAN_FILE): string[] {
  const files = {
    [`${base}.json`]: `${JSON.stringify(view, null, 2)}\n`,
    [`${base}.svg`]: renderAddressPlanSvg(view),
    [`${base}.md`]: renderAddressPlanMarkdown(view, { picture: { href: `${base}.svg`, inline: true } }),
  };
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
  return Object.keys(files);
}
