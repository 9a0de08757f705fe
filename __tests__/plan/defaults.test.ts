/**
 * Every default is decided once: the literal defaults live in DEFAULTS
 * (lib/plan/defaults.ts), and no other code in lib/ spells them out again
 * (TSDoc may name them: the schema test checks those against DEFAULTS).
 */
import * as fs from "fs";
import * as path from "path";
import { DEFAULTS } from "../../lib/plan/defaults";

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

test.each(KNOWN)("%j is written only in lib/plan/defaults.ts", (literal) => {
  const pattern = new RegExp(`["'\`]${literal.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}["'\`]`);
  expect(files.filter((f) => pattern.test(code(f))).map((f) => path.relative(LIB, f))).toEqual([]);
});

test("the default max pods is not spelled out again outside the catalogue of VM sizes", () => {
  const pattern = new RegExp(`\\b${DEFAULTS.NodePoolSettings.maxPods}\\b`);
  const hits = files.filter((f) => !f.includes(`${path.sep}catalog${path.sep}`) && pattern.test(code(f)));
  expect(hits.map((f) => path.relative(LIB, f))).toEqual([]);
});

test("the check can fail: a literal in code is found, one in a comment is not", () => {
  const tmp = path.join(LIB, "..", "__tests__", "plan", "tmp-literal.ts");
  try {
    fs.writeFileSync(tmp, `// "${DEFAULTS.NetworkSettings.podCidr}" in a comment\nexport const x = "${DEFAULTS.NetworkSettings.podCidr}";\n`);
    expect(code(tmp)).not.toContain("in a comment");
    expect(code(tmp)).toContain(`"${DEFAULTS.NetworkSettings.podCidr}"`);
  } finally {
    fs.rmSync(tmp, { force: true });
  }
});
