/**
 * Every default is decided once: the literal defaults live in DEFAULTS
 * (lib/plan/defaults.ts), and no other code in lib/ spells them out again
 * (TSDoc may name them: the schema test checks those against DEFAULTS).
 */
import * as fs from "fs";
import * as path from "path";
import { DEFAULTS } from "../../lib/plan/defaults";
import { tempDir } from "../support";

const LIB = path.join(__dirname, "..", "..", "lib");

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? sources(p) : p.endsWith(".ts") ? [p] : [];
  });
}

/** The code of a TypeScript file without its comments. */
const code = (file: string) =>
  fs
    .readFileSync(file, "utf8")
    .replace(/\/\*[\s\S]*?\*\//g, "")
    .replace(/(^|[^:"'`])\/\/.*$/gm, "$1");

// The distinctive ones: a value that also happens to be a rule's accepted value
// (e.g. "standard" for the load balancer SKU) is not a second decision of the default.
const KNOWN = [
  DEFAULTS.NetworkSettings.podCidr,
  DEFAULTS.NetworkSettings.serviceCidr,
  DEFAULTS.NetworkSettings.dnsServiceIp,
  DEFAULTS.SystemNodePoolSettings.name,
  DEFAULTS.SystemNodePoolSettings.vmSize,
  DEFAULTS.NodePoolSettings.maxSurge,
];

const files = sources(LIB).filter((f) => !f.endsWith(path.join("plan", "defaults.ts")));

/** A quoted string literal equal to `literal`. */
const quoted = (literal: string) => new RegExp(`["'\`]${literal.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}["'\`]`);
/** The number as a whole word. */
const number = (n: number) => new RegExp(`\\b${n}\\b`);

/** The files (relative to `root`) whose code, comments removed, matches `pattern`. */
const hitsIn = (root: string, candidates: readonly string[], pattern: RegExp) => candidates.filter((f) => pattern.test(code(f))).map((f) => path.relative(root, f));

test.each(KNOWN)("%j is written only in lib/plan/defaults.ts", (literal) => {
  expect(hitsIn(LIB, files, quoted(literal))).toEqual([]);
});

test("the default max pods is not spelled out again outside the catalogue of VM sizes", () => {
  const outsideCatalogue = files.filter((f) => !f.includes(`${path.sep}reference${path.sep}`));
  expect(hitsIn(LIB, outsideCatalogue, number(DEFAULTS.NodePoolSettings.maxPods))).toEqual([]);
});

test("the checks can fail: literals in code are found, the same in comments are not", () => {
  const dir = tempDir("aks-defaults-");
  const write = (name: string, text: string) => (fs.writeFileSync(path.join(dir, name), text), path.join(dir, name));
  const pod = DEFAULTS.NetworkSettings.podCidr;
  const maxPods = DEFAULTS.NodePoolSettings.maxPods;
  const inCode = write("code.ts", `export const x = "${pod}";\nexport const y = ${maxPods};\n`);
  const inComments = write("comments.ts", `// "${pod}" and ${maxPods} in a comment\n/* "${pod}" ${maxPods} */\nexport const z = 1;\n`);
  expect(hitsIn(dir, [inCode, inComments], quoted(pod))).toEqual(["code.ts"]);
  expect(hitsIn(dir, [inCode, inComments], number(maxPods))).toEqual(["code.ts"]);
});
