/**
 * What OpenTofu and Terraform report, condensed: their JSON diagnostics and
 * text output, one line per problem.
 */

/** One problem the CLI or a provider reported, condensed to one line. */
export interface TerraformProblem {
  /** `error` fails the stack; warnings are reported only. */
  readonly severity: "error" | "warning";
  /** The provider's own message: summary and the first paragraph of the detail, on one line. */
  readonly message: string;
  /** The resource, data source or output the problem is about, when known. */
  readonly address?: string;
}

/** First paragraph of a message, on one line. */
export function firstParagraph(text: string): string {
  return text.trim().split(/\n\s*\n/)[0].replace(/\s+/g, " ").trim();
}

export interface Diagnostic {
  severity?: string;
  summary?: string;
  detail?: string;
  address?: string;
  snippet?: { context?: string | null; values?: { traversal?: string; statement?: string }[] };
}

/** A diagnostic of `-json` output as one problem line. */
export function problemOf(d: Diagnostic): TerraformProblem {
  const summary = firstParagraph(d.summary ?? "");
  const detail = firstParagraph(d.detail ?? "");
  const values = (d.snippet?.values ?? []).map((v) => `${v.traversal} ${v.statement}`.trim()).filter(Boolean);
  const message = [summary, detail].filter(Boolean).join(": ") + (values.length > 0 ? ` [${values.join("; ")}]` : "");
  const context = d.address ?? d.snippet?.context ?? undefined;
  return { severity: d.severity === "warning" ? "warning" : "error", message, address: context ? shortAddress(context) : undefined };
}

/** `resource.azurerm_x.name.block` -> `azurerm_x.name`; `data.t.n.x` -> `data.t.n`; `output.o` stays. */
function shortAddress(context: string): string {
  const parts = context.replace(/^resource\./, "").split(".");
  if (parts[0] === "output" || parts[0] === "variable" || parts[0] === "provider") return parts.slice(0, 2).join(".");
  if (parts[0] === "data") return parts.slice(0, 3).join(".");
  return parts.slice(0, 2).join(".");
}

/** Errors and warnings from human-readable CLI output (used for init, which has no JSON mode in Terraform). */
export function problemsFromText(text: string): TerraformProblem[] {
  const out: TerraformProblem[] = [];
  const clean = text.replace(/\x1b\[[0-9;]*[A-Za-z]/g, "").replace(/^[│╷╵]\s?/gm, "");
  for (const m of clean.matchAll(/^(Error|Warning): (.*)$/gm)) {
    const after = clean.slice((m.index ?? 0) + m[0].length);
    const paragraphs = after.split(/\n\s*\n/).map((p) => p.trim()).filter(Boolean);
    // Skip the "with ..., on file line N" location paragraph.
    const detail = paragraphs.find((p) => !/^(with |on )/.test(p) && !/^(Error|Warning):/.test(p));
    const address = /with ([^,\n]+),/.exec(paragraphs[0] ?? "")?.[1];
    out.push({
      severity: m[1] === "Warning" ? "warning" : "error",
      message: [m[2].trim(), detail ? firstParagraph(detail) : ""].filter(Boolean).join(": "),
      address,
    });
  }
  if (out.length === 0 && text.trim()) out.push({ severity: "error", message: firstParagraph(clean) });
  return out;
}

export function diagnosticsOfValidate(stdout: string): Diagnostic[] {
  try {
    return (JSON.parse(stdout) as { diagnostics?: Diagnostic[] }).diagnostics ?? [];
  } catch {
    return [];
  }
}

export function diagnosticsOfTest(stdout: string): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const line of stdout.split("\n")) {
    if (!line.startsWith("{")) continue;
    try {
      const msg = JSON.parse(line) as { type?: string; diagnostic?: Diagnostic };
      if (msg.type === "diagnostic" && msg.diagnostic) out.push(msg.diagnostic);
    } catch {
      // not a JSON line
    }
  }
  return out;
}

export const unique = (problems: TerraformProblem[]) => {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = `${p.severity}|${p.message}|${p.address ?? ""}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
};

/** Blocks a mock plan found empty: `X.kubelet_identity is empty list of object` in an "Invalid index" error. */
export function emptyBlocks(diagnostics: Diagnostic[]): string[] {
  const out: string[] = [];
  for (const d of diagnostics) {
    if (d.severity !== "error" || d.summary !== "Invalid index") continue;
    for (const v of d.snippet?.values ?? []) {
      // A block of a resource or data source, possibly nested: `t.n.block` or `t.n.outer[0].block`.
      const block = /^(data\.)?[a-z0-9_]+\.[A-Za-z0-9_-]+(\.[a-z0-9_]+\[\d+\])*\.[a-z0-9_]+$/;
      if (v.traversal && v.statement === "is empty list of object" && block.test(v.traversal)) {
        out.push(v.traversal);
      }
    }
  }
  return [...new Set(out)];
}
