/**
 * Generates checkov's config file from the policy pack's report, so that
 * checkov agrees with synth: a suppressed rule becomes a `skip-check` entry
 * and a rule that only warned a `soft-fail-on` entry. checkov ignores
 * per-resource skips in Terraform JSON (bridgecrewio/checkov#4634), so each
 * entry is stack-wide, with every resource and reason behind it as comments.
 */
import { isCheckovId, type PolicyReport, type SuppressedFinding } from "../rules/policy";

const oneLine = (s: string) => s.replace(/\s+/g, " ").trim();

/**
 * The `.checkov.yaml` for one stack's synthesized output. Only checks
 * checkov has are listed: the pack's own (`SEC-01`, ...) mean nothing to it.
 */
export function checkovConfig(stackName: string, report: Pick<PolicyReport, "suppressed" | "warned">): string {
  const suppressed = report.suppressed.filter((s) => isCheckovId(s.rule));
  const byRule = new Map<string, SuppressedFinding[]>();
  for (const s of suppressed) byRule.set(s.rule, [...(byRule.get(s.rule) ?? []), s]);
  const lines = [
    `# checkov config for stack "${stackName}", generated at synth from the policy pack. Do not edit:`,
    "# change acceptedRisks in the environment's config file instead.",
    "# checkov cannot skip a check for one resource in Terraform JSON, so each entry skips the check",
    "# for this stack; the comments say which resources the pack suppressed and why.",
    "framework:",
    "  - terraform_json",
    "compact: true",
  ];
  if (byRule.size === 0) {
    lines.push("skip-check: []");
  } else {
    lines.push("skip-check:");
    for (const rule of [...byRule.keys()].sort()) {
      for (const s of byRule.get(rule)!) {
        const by = s.by === "pack" ? "not applicable" : "accepted risk";
        lines.push(`  # ${s.address} (${by}): ${oneLine(s.reason)}`);
      }
      lines.push(`  - ${rule}`);
    }
  }
  // Warnings fail checkov too; soft-fail keeps them in its report without failing the scan, as synth does.
  const warned = [...new Set(report.warned.map((w) => w.rule))].filter((r) => isCheckovId(r) && !byRule.has(r)).sort();
  if (warned.length > 0) {
    lines.push("soft-fail-on:");
    for (const rule of warned) {
      for (const w of report.warned.filter((x) => x.rule === rule)) lines.push(`  # ${w.address} (warning): ${oneLine(w.detail)}`);
      lines.push(`  - ${rule}`);
    }
  }
  return `${lines.join("\n")}\n`;
}

/** The rule IDs a checkov config skips (used to check that the pack and the file agree). */
export function skippedChecks(config: string): string[] {
  const out: string[] = [];
  let inSkip = false;
  for (const line of config.split("\n")) {
    if (/^skip-check:/.test(line)) inSkip = true;
    else if (/^\S/.test(line)) inSkip = false;
    else if (inSkip) {
      const m = /^\s+-\s+(\S+)\s*$/.exec(line);
      if (m) out.push(m[1]!);
    }
  }
  return out;
}
