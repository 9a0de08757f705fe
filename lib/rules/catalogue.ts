/**
 * Every network and naming rule, by ID (the families live in their own files).
 */
import { API_SERVER_RULES } from "./apiserver";
import { AUTOSCALER_RULES } from "./autoscaler";
import { BYOCNI_RULES } from "./byocni";
import { CNI_RULES } from "./cni";
import { DAY2_RULES } from "./day2";
import { DEFENDER_RULES } from "./defender";
import { DNS_RULES } from "./dns";
import { defineRules, type RuleDefinition } from "./engine";
import { FORMAT_RULES } from "./format";
import { KUBELET_IDENTITY_RULES } from "./kubelet-identity";
import { LABEL_RULES } from "./labels";
import { LOCATION_RULES } from "./location";
import { LOG_RULES } from "./logs";
import { MAINTENANCE_RULES } from "./maintenance";
import { NAME_RULES } from "./names";
import { NETWORK_RULES } from "./network";
import { NODE_POOL_RULES } from "./nodepools";
import { OUTBOUND_RULES } from "./outbound";
import { POD_RULES } from "./pod";
import { RESERVED_RULES } from "./reserved";
import { ROLE_ASSIGNMENT_RULES } from "./role-assignment";
import { SERVICE_RULES } from "./service";
import { TAG_RULES } from "./tags";
import { UPGRADE_RULES } from "./upgrade";

const CONTRACT = "the config file's own contract: the project cannot read or build it otherwise";

/** Rules about the config file itself and about acceptances: never acceptable. */
export const CONFIG_RULES = defineRules({
  "CFG-01": { severity: "error", title: "No credentials in config files", source: "this project", acceptable: false, why: CONTRACT },
  "CFG-02": { severity: "error", title: "No unknown keys", source: "this project", acceptable: false, why: CONTRACT },
  "CFG-03": { severity: "error", title: "Values have the documented type", source: "this project", acceptable: false, why: CONTRACT },
  "CFG-04": { severity: "error", title: "Required fields are present", source: "this project", acceptable: false, why: CONTRACT },
  "CFG-05": { severity: "error", title: "Config files are regular files (not links), readable, valid YAML/JSON, and name distinct stacks", source: "this project", acceptable: false, why: CONTRACT },
  "CFG-06": {
    severity: "error",
    title:
      "Settings agree with each other and stay in their ranges (e.g. vnet or existingSubnetId, not both; retention 30-730 days; OS disk 30 GiB or more; Image Cleaner's interval 24-2160 hours; Cilium's cluster-pool IPAM not with pod subnets)",
    source: "this project; AKS and Log Analytics limits; azurerm kubernetes_cluster_resource.go (image_cleaner_interval_hours IntBetween(24, 2160))",
    acceptable: false,
    why: "the config cannot be built as written: two settings contradict each other, or a value is outside what AKS or Log Analytics accept",
  },
  "CFG-07": {
    severity: "error",
    title:
      "Config strings hold no Terraform expression: a `${...}` is only a plain reference (`${var.NAME}`, `${data.TYPE.NAME.ATTRIBUTE}`, `${TYPE.NAME.ATTRIBUTE}`), none in cluster.apiServer or cluster.security, and `%{...}` never",
    source: "this project; Terraform evaluates every `${...}` of a .tf.json string at plan time, and functions such as file() read the planning machine's files",
    acceptable: false,
    why: "the config file's own contract: a config value is data, never code that runs or reads files where the plan runs",
  },
  "ACC-01": { severity: "error", title: "An accepted risk names a known, acceptable rule", source: "this project", acceptable: false, why: CONTRACT },
  "ACC-02": { severity: "error", title: "An accepted risk gives a reason of at least a sentence", source: "this project", acceptable: false, why: CONTRACT },
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
  ...AUTOSCALER_RULES,
  ...LABEL_RULES,
  ...LOCATION_RULES,
  ...ROLE_ASSIGNMENT_RULES,
  ...KUBELET_IDENTITY_RULES,
  ...API_SERVER_RULES,
  ...UPGRADE_RULES,
  ...MAINTENANCE_RULES,
  ...LOG_RULES,
  ...DEFENDER_RULES,
  ...CNI_RULES,
  ...TAG_RULES,
  ...DAY2_RULES,
  ...CONFIG_RULES,
};
