/**
 * Every network and naming rule, by ID (the families live in their own files).
 */
import { BYOCNI_RULES } from "./byocni";
import { CNI_RULES } from "./cni";
import { DNS_RULES } from "./dns";
import { defineRules, type RuleDefinition } from "./engine";
import { FORMAT_RULES } from "./format";
import { LOCATION_RULES } from "./location";
import { NAME_RULES } from "./names";
import { NETWORK_RULES } from "./network";
import { NODE_POOL_RULES } from "./nodepools";
import { OUTBOUND_RULES } from "./outbound";
import { POD_RULES } from "./pod";
import { RESERVED_RULES } from "./reserved";
import { ROLE_ASSIGNMENT_RULES } from "./role-assignment";
import { SERVICE_RULES } from "./service";
import { TAG_RULES } from "./tags";

/** Rules about the config file itself and about acceptances: never acceptable. */
export const CONFIG_RULES = defineRules({
  "CFG-01": { severity: "error", title: "No credentials in config files", source: "this project", acceptable: false },
  "CFG-02": { severity: "error", title: "No unknown keys", source: "this project", acceptable: false },
  "CFG-03": { severity: "error", title: "Values have the documented type", source: "this project", acceptable: false },
  "CFG-04": { severity: "error", title: "Required fields are present", source: "this project", acceptable: false },
  "CFG-05": { severity: "error", title: "Config files are regular files (not links), readable, valid YAML/JSON, and name distinct stacks", source: "this project", acceptable: false },
  "CFG-06": {
    severity: "error",
    title: "Settings agree with each other and stay in their ranges (e.g. vnet or existingSubnetId, not both; retention 30-730 days; OS disk 30 GiB or more)",
    source: "this project; AKS and Log Analytics limits",
    acceptable: false,
  },
  "CFG-07": {
    severity: "error",
    title:
      "Config strings hold no Terraform expression: a `${...}` is only a plain reference (`${var.NAME}`, `${data.TYPE.NAME.ATTRIBUTE}`, `${TYPE.NAME.ATTRIBUTE}`), none in cluster.apiServer or cluster.security, and `%{...}` never",
    source: "this project; Terraform evaluates every `${...}` of a .tf.json string at plan time, and functions such as file() read the planning machine's files",
    acceptable: false,
  },
  "ACC-01": { severity: "error", title: "An accepted risk names a known, acceptable rule", source: "this project", acceptable: false },
  "ACC-02": { severity: "error", title: "An accepted risk gives a reason of at least a sentence", source: "this project", acceptable: false },
});

/** All network, naming and config rules. */
export const NETWORK_RULE_CATALOGUE: Readonly<Record<string, RuleDefinition>> = {
  ...FORMAT_RULES,
  ...RESERVED_RULES,
  ...SERVICE_RULES,
  ...DNS_RULES,
  ...POD_RULES,
  ...NETWORK_RULES,
  ...OUTBOUND_RULES,
  ...BYOCNI_RULES,
  ...NAME_RULES,
  ...NODE_POOL_RULES,
  ...LOCATION_RULES,
  ...ROLE_ASSIGNMENT_RULES,
  ...CNI_RULES,
  ...TAG_RULES,
  ...CONFIG_RULES,
};
