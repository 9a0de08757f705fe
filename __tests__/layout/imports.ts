/**
 * The import graph of the repository's TypeScript, read syntactically (no
 * type-check): which module imports which, which names each module
 * exports, and which of those names other files use. Shared by the tests
 * of the layering and of needless exports.
 */
import * as fs from "fs";
import * as path from "path";
import * as ts from "typescript";

export const ROOT = path.join(__dirname, "..", "..");

/** A module's own file, relative to the repository, with `/` separators. */
export type ModuleFile = string;

/** One import (or re-export) of one module by another. */
export interface ImportEdge {
  readonly from: ModuleFile;
  readonly to: ModuleFile;
  /** Imported names; `*` for a namespace import, `export *`, `require` or `import()`. */
  readonly names: readonly string[];
  /** `import type` / `export type`: erased at run time. */
  readonly typeOnly: boolean;
  /** Re-exported rather than used (`export ... from`). */
  readonly reexport: boolean;
  /** Line of the import, for messages. */
  readonly line: number;
}

/** What one module declares and exports. */
export interface ModuleInfo {
  readonly file: ModuleFile;
  /** Names exported by a declaration or a local `export { }` (not re-exports). */
  readonly ownExports: readonly string[];
  /** Identifiers that occur in the file outside its own export declarations' names. */
  readonly identifiers: ReadonlySet<string>;
  /** Exported interfaces, type aliases, classes and enums. */
  readonly typeExports: ReadonlySet<string>;
  /** Identifiers inside exported declarations (their own names aside): a type named there must stay exported for the declarations to be emitted. */
  readonly inExportedDeclarations: ReadonlySet<string>;
}

const relativeTo = (root: string, abs: string): ModuleFile => path.relative(root, abs).split(path.sep).join("/");

/** Every TypeScript file under the given folders of `root` (and its main.ts). */
export function sourceFiles(root: string = ROOT, dirs: readonly string[] = ["lib", "__tests__", "examples", "bench"]): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) {
        if (["node_modules", "output", "consumer", "release", "__snapshots__", "tmp", "fixture"].includes(e.name)) continue;
        walk(p);
      } else if (e.name.endsWith(".ts") && !e.name.endsWith(".d.ts")) out.push(p);
    }
  };
  for (const d of dirs) if (fs.existsSync(path.join(root, d))) walk(path.join(root, d));
  const main = path.join(root, "main.ts");
  return [...(fs.existsSync(main) ? [main] : []), ...out].sort();
}

/** The file a relative specifier names, or undefined for a package. */
export function resolveSpecifier(fromFile: string, spec: string): string | undefined {
  if (!spec.startsWith(".")) return undefined;
  const p = path.resolve(path.dirname(fromFile), spec);
  for (const c of [`${p}.ts`, p, path.join(p, "index.ts"), `${p}.js`]) if (fs.existsSync(c) && fs.statSync(c).isFile()) return c;
  return undefined;
}

const hasModifier = (n: ts.Node, kind: ts.SyntaxKind) => ts.canHaveModifiers(n) && (ts.getModifiers(n) ?? []).some((m) => m.kind === kind);

/** Reads one file's imports and exports. */
export function readModule(abs: string, root: string = ROOT): { info: ModuleInfo; edges: ImportEdge[] } {
  const rel = (file: string) => relativeTo(root, file);
  const text = fs.readFileSync(abs, "utf8");
  const sf = ts.createSourceFile(abs, text, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
  const edges: ImportEdge[] = [];
  const ownExports: string[] = [];
  const typeExports = new Set<string>();
  const exportedDeclarations: ts.Node[] = [];
  const exportNameNodes = new Set<ts.Node>();
  const lineOf = (n: ts.Node) => sf.getLineAndCharacterOfPosition(n.getStart(sf)).line + 1;
  const edge = (spec: string, names: string[], typeOnly: boolean, reexport: boolean, at: ts.Node) => {
    const to = resolveSpecifier(abs, spec);
    if (to) edges.push({ from: rel(abs), to: rel(to), names, typeOnly, reexport, line: lineOf(at) });
  };
  const visit = (n: ts.Node): void => {
    if (ts.isImportDeclaration(n) && ts.isStringLiteral(n.moduleSpecifier)) {
      const c = n.importClause;
      const names: string[] = [];
      if (c?.name) names.push("default");
      if (c?.namedBindings && ts.isNamespaceImport(c.namedBindings)) names.push("*");
      if (c?.namedBindings && ts.isNamedImports(c.namedBindings)) {
        for (const s of c.namedBindings.elements) names.push((s.propertyName ?? s.name).text);
      }
      const typeOnly = !!c?.isTypeOnly || (!!c?.namedBindings && ts.isNamedImports(c.namedBindings) && c.namedBindings.elements.every((s) => s.isTypeOnly) && !c.name);
      edge(n.moduleSpecifier.text, names.length ? names : ["*"], typeOnly, false, n);
    } else if (ts.isExportDeclaration(n)) {
      if (n.moduleSpecifier && ts.isStringLiteral(n.moduleSpecifier)) {
        const names = n.exportClause && ts.isNamedExports(n.exportClause) ? n.exportClause.elements.map((s) => (s.propertyName ?? s.name).text) : ["*"];
        edge(n.moduleSpecifier.text, names, n.isTypeOnly, true, n);
      } else if (n.exportClause && ts.isNamedExports(n.exportClause)) {
        for (const s of n.exportClause.elements) {
          ownExports.push(s.name.text);
          exportNameNodes.add(s.name);
        }
      }
    } else if (ts.isCallExpression(n) && n.arguments.length === 1 && ts.isStringLiteral(n.arguments[0]!)) {
      const callee = n.expression;
      if ((ts.isIdentifier(callee) && callee.text === "require") || callee.kind === ts.SyntaxKind.ImportKeyword) edge((n.arguments[0] as ts.StringLiteral).text, ["*"], false, false, n);
    } else if (ts.isImportTypeNode(n) && ts.isLiteralTypeNode(n.argument) && ts.isStringLiteral(n.argument.literal)) {
      edge(n.argument.literal.text, ["*"], true, false, n);
    } else if (hasModifier(n, ts.SyntaxKind.ExportKeyword)) {
      exportedDeclarations.push(n);
      if (ts.isVariableStatement(n)) {
        for (const d of n.declarationList.declarations) {
          if (ts.isIdentifier(d.name)) {
            ownExports.push(d.name.text);
            exportNameNodes.add(d.name);
          }
        }
      } else if ((ts.isFunctionDeclaration(n) || ts.isClassDeclaration(n) || ts.isInterfaceDeclaration(n) || ts.isTypeAliasDeclaration(n) || ts.isEnumDeclaration(n)) && n.name) {
        ownExports.push(n.name.text);
        exportNameNodes.add(n.name);
        if (!ts.isFunctionDeclaration(n)) typeExports.add(n.name.text);
      }
    }
    ts.forEachChild(n, visit);
  };
  visit(sf);
  const identifiers = new Set<string>();
  const collect = (n: ts.Node): void => {
    if (ts.isIdentifier(n) && !exportNameNodes.has(n)) identifiers.add(n.text);
    ts.forEachChild(n, collect);
  };
  collect(sf);
  const inExportedDeclarations = new Set<string>();
  const collectExported = (n: ts.Node): void => {
    if (ts.isIdentifier(n) && !exportNameNodes.has(n)) inExportedDeclarations.add(n.text);
    ts.forEachChild(n, collectExported);
  };
  exportedDeclarations.forEach(collectExported);
  return { info: { file: rel(abs), ownExports, identifiers, typeExports, inExportedDeclarations }, edges };
}

/** An import graph: the modules and the imports between them. */
export interface ImportGraph {
  readonly modules: ReadonlyMap<ModuleFile, ModuleInfo>;
  readonly edges: readonly ImportEdge[];
}

const graphs = new Map<string, ImportGraph>();

/** The whole graph of the repository at `root` (read once per root). */
export function importGraph(root: string = ROOT): ImportGraph {
  const known = graphs.get(root);
  if (known) return known;
  const modules = new Map<ModuleFile, ModuleInfo>();
  const edges: ImportEdge[] = [];
  for (const f of sourceFiles(root)) {
    const m = readModule(f, root);
    modules.set(m.info.file, m.info);
    edges.push(...m.edges);
  }
  graphs.set(root, { modules, edges });
  return { modules, edges };
}
