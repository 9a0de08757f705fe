/**
 * CFG and ACC: the config file's own contract, and malformed accepted
 * risks. The CFG rules are checked by the config loader (lib/config) before
 * anything is resolved, and by the app; the acceptances here. Settings that
 * contradict each other are their family's rules (NET-14, API-12, ...).
 * CFG-06 is retired (its checks are those rules now) and not reused.
 */
import { defineRules, MIN_REASON_LENGTH, type Acceptance, type Finding, type RuleDefinition } from "./engine";

const CONTRACT = "the config file's own contract: the project cannot read or build it otherwise";

/** Rules about the config file itself and about acceptances: never acceptable. */
export const CONFIG_RULES = defineRules({
  "CFG-01": {
    severity: "error",
    title: "No credentials in config files",
    source: "this project",
    acceptable: false,
    why: CONTRACT,
    fix: "remove the credential: the provider and backend read credentials from environment variables such as ARM_CLIENT_ID and ARM_USE_OIDC",
  },
  "CFG-02": {
    severity: "error",
    title: "No unknown keys",
    source: "this project",
    acceptable: false,
    why: CONTRACT,
    fix: "remove the key or correct its spelling; schema/aks-byocni-config.schema.json lists the keys",
  },
  "CFG-03": {
    severity: "error",
    title: "Values have the documented type",
    source: "this project",
    acceptable: false,
    why: CONTRACT,
    fix: "give the value the type schema/aks-byocni-config.schema.json documents",
  },
  "CFG-04": {
    severity: "error",
    title: "Required fields are present",
    source: "this project",
    acceptable: false,
    why: CONTRACT,
    fix: "add the required field",
  },
  "CFG-05": {
    severity: "error",
    title: "Config files are regular files (not links), readable, valid YAML/JSON, and name distinct stacks",
    source: "this project",
    acceptable: false,
    why: CONTRACT,
    fix: "make each config file a regular, readable YAML or JSON mapping, named for a stack no other file names",
  },
  "CFG-07": {
    severity: "error",
    title:
      "Config strings hold no Terraform expression: a `${...}` is only a plain reference (`${var.NAME}`, `${data.TYPE.NAME.ATTRIBUTE}`, `${TYPE.NAME.ATTRIBUTE}`), none in cluster.apiServer or cluster.security, and `%{...}` never",
    source: "this project; Terraform evaluates every `${...}` of a .tf.json string at plan time, and functions such as file() read the planning machine's files",
    acceptable: false,
    why: "the config file's own contract: a config value is data, never code that runs or reads files where the plan runs",
    fix: "write the value as data, or as a plain reference such as ${var.NAME} outside cluster.apiServer and cluster.security",
  },
  "CFG-08": {
    severity: "error",
    title:
      "Config references read no secret: none reaches an attribute the azurerm or helm provider marks sensitive, nor `data.terraform_remote_state` outputs (`${var.NAME}` is not checked: the stack declares its sensitivity)",
    source:
      "this project; the providers' schemas (`tofu providers schema -json` of azurerm 4.55.0 and 4.73.0 and helm 3.1.1, lib/reference/sensitive-attributes.json from scripts/sensitive-attributes.js)",
    acceptable: false,
    why: "the config file's own contract: a value it holds is written into tags, names and settings that anyone with Reader access reads, so it never carries a secret there",
    fix: "reference an attribute the provider does not mark sensitive, such as the resource's id, or write the value as data",
  },
  "ACC-01": {
    severity: "error",
    title: "An accepted risk names a known, acceptable rule",
    source: "this project",
    acceptable: false,
    why: CONTRACT,
    fix: "name an acceptable rule of docs/rules.md by its exact ID",
  },
  "ACC-02": {
    severity: "error",
    title: "An accepted risk gives a reason of at least a sentence",
    source: "this project",
    acceptable: false,
    why: CONTRACT,
    fix: `give a reason of at least ${MIN_REASON_LENGTH} characters saying why the risk is acceptable`,
  },
});

/**
 * Checks acceptance entries against the catalogue: unknown IDs, rules that
 * cannot be accepted, and reasons shorter than a sentence are errors.
 */
export function checkAcceptances(
  entries: readonly Acceptance[],
  catalogue: Readonly<Record<string, RuleDefinition>>,
  pathPrefix = "acceptedRisks",
): Finding[] {
  const out: Finding[] = [];
  entries.forEach((entry, i) => {
    const p = `${pathPrefix}[${i}]`;
    const def = catalogue[entry.rule];
    if (!def) {
      const near = Object.keys(catalogue).find((id) => id.toLowerCase() === String(entry.rule).toLowerCase());
      out.push({
        rule: "ACC-01",
        severity: "error",
        path: `${p}.rule`,
        message: `unknown rule ID "${entry.rule}"${near ? `; did you mean ${near}?` : ""}`,
      });
    } else if (def.acceptable === false) {
      out.push({ rule: "ACC-01", severity: "error", path: `${p}.rule`, message: `${entry.rule} cannot be accepted` });
    }
    const reason = typeof entry.reason === "string" ? entry.reason.trim() : "";
    if (reason.length < MIN_REASON_LENGTH) {
      out.push({
        rule: "ACC-02",
        severity: "error",
        path: `${p}.reason`,
        message: reason
          ? `reason "${reason}" is too short: say why the risk is acceptable in a sentence (at least ${MIN_REASON_LENGTH} characters)`
          : "a reason is required: say why the risk is acceptable",
      });
    }
  });
  return out;
}
