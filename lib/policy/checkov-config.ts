/**
 * Generates checkov's config file from the policy pack's suppressions.
 * checkov ignores per-resource skips in Terraform JSON (bridgecrewio/checkov#4634),
 * so each suppressed rule becomes a stack-wide `skip-check` entry, with every
 * resource and reason behind it as comments.
 */
import type { SuppressedFinding } from "./aspect";

const oneLine = (s: string) => s.replace(/\s+/g, " ").trim();

/** The `.checkov.yaml` for one stack's synthesized output. */
export function checkovConfig(stackName: string, suppressed: readonly SuppressedFinding[]): string {
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
        const by = s.by === "pack" ? "not applicable" : s.by === "construct" ? "by design" : "accepted risk";
        lines.push(`  # ${s.address} (${by}): ${oneLine(s.reason)}`);
      }
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
