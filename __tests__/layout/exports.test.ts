/**
 * No needless exports and no dead modules in lib/: every exported name is
 * used by another file or is public (an entry point exports it), and every
 * module is reached from an entry point or a script.
 */
import * as fs from "fs";
import * as path from "path";
import { ENTRY_POINTS, needlessExports } from "./exports";
import { importGraph } from "./imports";

const ROOT = path.join(__dirname, "..", "..");

test("every exported name of lib/ is used outside its file or exported by an entry point", () => {
  expect(
    needlessExports().map((n) => `${n.module}: ${n.name} ${n.usedInOwnFile ? "is used only in its own file: drop `export`" : "is used nowhere: delete it"}`),
  ).toEqual([]);
});

test("every module of lib/ is reached from an entry point or a script", () => {
  const { modules, edges } = importGraph();
  const scripts = fs.readdirSync(path.join(ROOT, "scripts")).filter((f) => f.endsWith(".js")).map((f) => fs.readFileSync(path.join(ROOT, "scripts", f), "utf8"));
  // A script loads lib/ by path: `path.join(ROOT, "lib", "impact", "cli.ts")` or `dist/lib/...`.
  const loadedByScripts = [...modules.keys()].filter((m) => m.startsWith("lib/")).filter((m) => {
    const segments = m.replace(/\.ts$/, "").split("/").slice(1);
    // The last segment without its closing quote: the script names the file with its extension.
    return scripts.some((s) => s.includes(segments.map((x) => `"${x}"`).join(", ").slice(0, -1)) || s.includes(`"${segments.join("/")}`));
  });
  const reached = new Set<string>([...ENTRY_POINTS, ...loadedByScripts]);
  const todo = [...reached];
  while (todo.length > 0) {
    const m = todo.pop()!;
    for (const e of edges) {
      if (e.from !== m || reached.has(e.to)) continue;
      reached.add(e.to);
      todo.push(e.to);
    }
  }
  expect([...modules.keys()].filter((m) => m.startsWith("lib/") && !reached.has(m))).toEqual([]);
});

test("the check finds a needless export and dead code, and keeps what is public or named by another export", () => {
  // fixture/lib: an entry point re-exports `used`; `sized` is exported and used by nothing either.
  expect(needlessExports(path.join(__dirname, "fixture"))).toEqual([
    { module: "lib/helpers.ts", name: "nowhere", usedInOwnFile: false },
    { module: "lib/helpers.ts", name: "onlyHere", usedInOwnFile: true },
    { module: "lib/helpers.ts", name: "sized", usedInOwnFile: false },
  ]);
});
