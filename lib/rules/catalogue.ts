/**
 * Every rule by ID: the network, naming and config rules of the families
 * (each in its own file) and the policy rules ({@link RULE_CATALOGUE}).
 */
import { API_SERVER_RULES } from "./apiserver";
import { AUTOSCALER_RULES } from "./autoscaler";
import { BYOCNI_RULES } from "./byocni";
import { CNI_RULES } from "./cni";
import { DAY2_RULES } from "./day2";
import { DEFENDER_RULES } from "./defender";
import { DNS_RULES } from "./dns";
import { CONFIG_RULES } from "./config";
import type { RuleDefinition } from "./engine";
import { FORMAT_RULES } from "./format";
import { IMAGE_CLEANER_RULES } from "./image-cleaner";
import { KUBELET_IDENTITY_RULES } from "./kubelet-identity";
import { LABEL_RULES } from "./labels";
import { LOCATION_RULES } from "./location";
import { LOG_RULES } from "./logs";
import { MAINTENANCE_RULES } from "./maintenance";
import { NAME_RULES } from "./names";
import { NETWORK_RULES } from "./network";
import { NODE_POOL_RULES } from "./nodepools";
import { OUTBOUND_RULES } from "./outbound";
import { POLICY_RULE_CATALOGUE } from "./policy";
import { POD_RULES } from "./pod";
import { RESERVED_RULES } from "./reserved";
import { ROLE_ASSIGNMENT_RULES } from "./role-assignment";
import { SERVICE_RULES } from "./service";
import { TAG_RULES } from "./tags";
import { UPGRADE_RULES } from "./upgrade";

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
  ...IMAGE_CLEANER_RULES,
  ...CNI_RULES,
  ...TAG_RULES,
  ...DAY2_RULES,
  ...CONFIG_RULES,
};

/** Every rule a risk can be accepted for: network, naming, config and policy rules. */
export const RULE_CATALOGUE: Readonly<Record<string, RuleDefinition>> = {
  ...NETWORK_RULE_CATALOGUE,
  ...POLICY_RULE_CATALOGUE,
};

/**
 * The anchor of rule `id` in docs/rules.md: its ID in lower case
 * (`res-01`, `ckv_azure_6`), written into the ID cell of its row.
 */
export function ruleAnchor(id: string): string {
  return id.toLowerCase();
}

/**
 * Where rule `id` is documented, as the report names it:
 * `docs/rules.md#res-01`. The page is in the repository and in the
 * installed package (`node_modules/aks-byocni-cdktf/docs/rules.md`).
 */
export function ruleDocLink(id: string): string {
  return `docs/rules.md#${ruleAnchor(id)}`;
}
