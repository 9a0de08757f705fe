/**
 * Exports nobody needs: a name a module exports that no other file imports
 * and no public entry point re-exports. Such a name is either used in its
 * own file only (the `export` is needless) or not at all (dead code, which
 * the compiler's noUnusedLocals reports once the `export` is gone).
 */
import * as fs from "fs";
import * as path from "path";
import { importGraph, ROOT, type ImportEdge, type ModuleFile, type ModuleInfo } from "./imports";

/** The package's entry points and the app: everything they export is public or run. */
export const ENTRY_POINTS: readonly ModuleFile[] = ["lib/index.ts", "lib/app/index.ts", "lib/testing/index.ts", "main.ts"];

/** Plain JavaScript that loads lib modules (scripts, bench): the identifiers it names count as uses. */
function javascriptUses(root: string): { file: string; text: string; identifiers: Set<string> }[] {
  const out: { file: string; text: string; identifiers: Set<string> }[] = [];
  for (const dir of ["scripts", "bench", path.join("bench", "lib")]) {
    if (!fs.existsSync(path.join(root, dir))) continue;
    for (const f of fs.readdirSync(path.join(root, dir))) {
      if (!f.endsWith(".js")) continue;
      const text = fs.readFileSync(path.join(root, dir, f), "utf8");
      out.push({ file: `${dir}/${f}`, text, identifiers: new Set(text.match(/[A-Za-z_$][\w$]*/g) ?? []) });
    }
  }
  return out;
}

/** Whether a script names the module: its path without the extension, as a string or as path.join segments. */
function scriptLoads(text: string, module: ModuleFile): boolean {
  const stem = module.replace(/^lib\//, "").replace(/\.ts$/, "");
  const segments = stem.split("/");
  const joined = segments.map((s) => `"${s}"`).join(", ");
  return text.includes(stem) || text.includes(joined) || text.includes(`${joined}.ts"`.replace(/"$/, "")) || text.includes(segments.slice(0, -1).map((s) => `"${s}"`).concat(`"${segments.at(-1)}.ts"`).join(", "));
}

export interface NeedlessExport {
  readonly module: ModuleFile;
  readonly name: string;
  /** True when the file itself still uses the name (drop `export`); false when nothing does (delete it). */
  readonly usedInOwnFile: boolean;
}

/** Every exported name of lib/ that nothing outside its file uses, in the repository at `root`. */
export function needlessExports(root: string = ROOT): NeedlessExport[] {
  const { modules, edges } = importGraph(root);
  const scripts = javascriptUses(root);
  const into = new Map<ModuleFile, ImportEdge[]>();
  for (const e of edges) into.set(e.to, [...(into.get(e.to) ?? []), e]);

  /** Names a module exports, its re-exports included (`*`-re-exports expanded). */
  const exported = (m: ModuleFile, seen = new Set<ModuleFile>()): string[] => {
    if (seen.has(m)) return [];
    seen.add(m);
    const own = modules.get(m)?.ownExports ?? [];
    const re = edges.filter((e) => e.from === m && e.reexport).flatMap((e) => (e.names.includes("*") ? exported(e.to, seen) : e.names));
    return [...own, ...re];
  };
  /** Whether `name` of module `m` is used from outside `m`. */
  const used = (m: ModuleFile, name: string, seen = new Set<string>()): boolean => {
    const key = `${m}#${name}`;
    if (seen.has(key)) return false;
    seen.add(key);
    if (ENTRY_POINTS.includes(m)) return true;
    for (const e of into.get(m) ?? []) {
      if (e.from === m) continue;
      if (e.names.includes(name)) return true;
      if (e.names.includes("*")) {
        // A namespace import, require() or import() uses what it names; `export *` passes the question on.
        if (!e.reexport) return true;
        if (used(e.from, name, seen)) return true;
      }
    }
    return scripts.some((s) => s.identifiers.has(name) && scriptLoads(s.text, m));
  };

  const out: NeedlessExport[] = [];
  for (const [file, info] of modules) {
    if (!file.startsWith("lib/") || ENTRY_POINTS.includes(file)) continue;
    for (const name of new Set(exported(file))) {
      // A type that another export's declaration names must stay exported, or the declarations cannot be emitted.
      if (info.typeExports.has(name) && info.inExportedDeclarations.has(name)) continue;
      if (!used(file, name)) out.push({ module: file, name, usedInOwnFile: (info as ModuleInfo).identifiers.has(name) });
    }
  }
  return out.sort((a, b) => `${a.module}#${a.name}`.localeCompare(`${b.module}#${b.name}`));
}
