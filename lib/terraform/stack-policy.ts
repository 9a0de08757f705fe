/**
 * The policy a synthesized stack (`cdk.tf.json`) must meet before it is
 * planned with real credentials. A plan is not read-only: Terraform runs
 * provisioners, the `external` data source runs a program, functions such as
 * `file()` read the planning machine's files, a provider or backend setting
 * can send the identity's token elsewhere (`metadata_host`, `endpoint`), and
 * the Helm provider runs the `exec` command it is given. This policy refuses
 * every such construct, so that a credentialed job can plan JSON that
 * untrusted code produced.
 *
 * It is an allowlist: top-level blocks, providers and their settings,
 * backend settings, resource and data source types, Helm release settings
 * and built-in functions are the ones this project synthesizes; anything else
 * is refused, one finding per construct, with its JSON path.
 */
import { AKS_SERVER_APPLICATION_ID } from "../reference/aks";
import { CILIUM_CHART_REPOSITORY } from "../reference/cilium-chart";
import { duplicateKeys } from "./json-keys";
import { scanTemplate } from "./template";

/** One refused construct. */
export interface StackPolicyFinding {
  /** Where, as a path into the JSON document (`resource.helm_release.cilium.postrender`). */
  readonly path: string;
  /** What is refused, and why. */
  readonly message: string;
}

/** Options of {@link checkStackPolicy}. */
export interface StackPolicyOptions {
  /** Resource types allowed. @default {@link PROJECT_RESOURCE_TYPES} */
  readonly resourceTypes?: readonly string[];
  /** Data source types allowed. @default {@link PROJECT_DATA_TYPES} */
  readonly dataTypes?: readonly string[];
  /**
   * Refuse local state: the `local` backend and `terraform_remote_state` with
   * the `local` backend (which read a file of the planning machine). Plans
   * with credentials need remote state anyway.
   * @default false
   */
  readonly remoteStateOnly?: boolean;
  /**
   * Refuse Helm charts from a repository: only a chart file next to the
   * stack (`./<name>.tgz`), which the pipeline downloaded and checked
   * against a pinned digest, is allowed.
   * @default false
   */
  readonly localChartsOnly?: boolean;
}

/** The resource types this project's constructs synthesize. */
const PROJECT_RESOURCE_TYPES: readonly string[] = [
  "azurerm_resource_group",
  "azurerm_virtual_network",
  "azurerm_subnet",
  "azurerm_network_security_group",
  "azurerm_network_security_rule",
  "azurerm_subnet_network_security_group_association",
  "azurerm_user_assigned_identity",
  "azurerm_role_assignment",
  "azurerm_role_definition",
  "azurerm_log_analytics_workspace",
  "azurerm_kubernetes_cluster",
  "azurerm_kubernetes_cluster_node_pool",
  "azurerm_monitor_diagnostic_setting",
  "helm_release",
  // Holds the pod CIDR that replaces the cluster when it changes; only `input` is allowed (below).
  "terraform_data",
];

/** The data source types this project's constructs synthesize. */
const PROJECT_DATA_TYPES: readonly string[] = ["azurerm_client_config", "azurerm_resource_group", "azurerm_subnet", "azurerm_virtual_network", "terraform_remote_state"];

/**
 * Built-in functions of Terraform 1.11 and OpenTofu 1.10 (`terraform
 * metadata functions -json`, `tofu metadata functions -json`) that read
 * nothing of the machine and run nothing; each may also be written with the
 * `core::` prefix.
 */
const PURE_FUNCTIONS = new Set(
  (
    "abs alltrue anytrue base64decode base64encode base64gunzip base64gzip base64sha256 base64sha512 basename bcrypt can ceil chomp chunklist " +
    "cidrcontains cidrhost cidrnetmask cidrsubnet cidrsubnets coalesce coalescelist compact concat contains csvdecode dirname distinct element " +
    "endswith ephemeralasnull flatten floor format formatdate formatlist indent index issensitive join jsondecode jsonencode keys length log " +
    "lookup lower matchkeys max md5 merge min one parseint plantimestamp pow range regex regexall replace reverse rsadecrypt sensitive " +
    "setintersection setproduct setsubtract setunion sha1 sha256 sha512 signum slice sort split startswith strcontains strrev substr sum " +
    "textdecodebase64 textencodebase64 timeadd timecmp timestamp title tobool tolist tomap tonumber toset tostring transpose trim trimprefix " +
    "trimspace trimsuffix try upper urldecode urlencode uuid uuidv5 values yamldecode yamlencode zipmap"
  ).split(" "),
);

/** Built-in functions that are refused, and why. */
const REFUSED_FUNCTIONS: Readonly<Record<string, string>> = {
  ...Object.fromEntries(
    ["file", "filebase64", "filebase64sha256", "filebase64sha512", "fileexists", "filemd5", "fileset", "filesha1", "filesha256", "filesha512"].map((f) => [
      f,
      "reads the planning machine's files",
    ]),
  ),
  templatefile: "reads a file of the planning machine and renders it as a template",
  templatestring: "renders a value as a template at plan time, so its calls cannot be checked here",
  abspath: "reveals the planning machine's file system",
  pathexpand: "reads the planning machine's home directory",
  nonsensitive: "removes the sensitive mark, so a secret from state (a key, a kubeconfig) would be printed in the plan",
};

/** The providers this project uses, with the sources `required_providers` may name. */
const PROVIDERS: Readonly<Record<string, readonly string[]>> = {
  azurerm: ["azurerm", "hashicorp/azurerm", "registry.terraform.io/hashicorp/azurerm", "registry.opentofu.org/hashicorp/azurerm"],
  helm: ["helm", "hashicorp/helm", "registry.terraform.io/hashicorp/helm", "registry.opentofu.org/hashicorp/helm"],
};

/** Top-level blocks allowed; `module` (code from elsewhere), `check`, `removed`, `ephemeral` and the rest are not used by this project. */
const TOP_LEVEL = new Set(["//", "terraform", "provider", "resource", "data", "output", "variable", "locals", "moved", "import"]);

/**
 * Settings of the azurerm backend (and of `terraform_remote_state` with it)
 * that this project writes. Every other one is refused: `endpoint`,
 * `metadata_host`, `msi_endpoint` and the OIDC request settings would send
 * the identity's token to another host; `*_path` settings read local files.
 */
const AZURERM_BACKEND_KEYS = new Set(["storage_account_name", "container_name", "key", "resource_group_name", "use_azuread_auth", "use_oidc", "subscription_id", "tenant_id", "snapshot"]);

/** Settings of the azurerm provider this project writes (`features` only changes behaviour on destroy). */
const AZURERM_PROVIDER_KEYS = new Set(["features", "subscription_id", "alias", "//"]);

/** Settings of a `helm_release` this project writes; file paths (`keyring`, `repository_*_file`) and `postrender` (runs a program) are not among them. */
const HELM_RELEASE_KEYS = new Set([
  "//",
  "name",
  "chart",
  "repository",
  "version",
  "namespace",
  "values",
  "timeout",
  "set",
  "set_list",
  "create_namespace",
  "atomic",
  "wait",
  "wait_for_jobs",
  "cleanup_on_fail",
  "max_history",
  "description",
  "depends_on",
  "lifecycle",
  "provider",
  "count",
  "for_each",
]);

/** The kubelogin sign-in modes `cni.kubeloginMode` allows. */
const KUBELOGIN_MODES = ["azurecli", "workloadidentity"];

/** A Helm provider endpoint setting as the CNI stack writes it: an output of the cluster stack's state, optionally marked sensitive and decoded. */
const FROM_CLUSTER_STATE = /^\$\{(?:base64decode\()?(?:sensitive\()?data\.terraform_remote_state\.[A-Za-z0-9_-]+\.outputs\.[A-Za-z0-9_-]+\)?\)?\}$/;

/** A chart file next to the stack. */
const LOCAL_CHART = /^\.\/[A-Za-z0-9][A-Za-z0-9._-]*\.tgz$/;

type Json = unknown;
const isMapping = (v: Json): v is Record<string, Json> => typeof v === "object" && v !== null && !Array.isArray(v);
/** A block is written as an object or, by cdktf, as a list of objects. */
const blocks = (v: Json): Record<string, Json>[] => (Array.isArray(v) ? v.filter(isMapping) : isMapping(v) ? [v] : []);

/** `a.b`, `a["x.y"]`, `a[0]`. */
function join(path: string, key: string | number): string {
  if (typeof key === "number") return `${path}[${key}]`;
  const plain = /^[A-Za-z_/][A-Za-z0-9_/-]*$/.test(key);
  return plain ? (path ? `${path}.${key}` : key) : `${path}[${JSON.stringify(key)}]`;
}

class Findings {
  readonly list: StackPolicyFinding[] = [];
  add(path: string, message: string): void {
    this.list.push({ path, message });
  }
}

/**
 * Checks a synthesized stack. Returns every refused construct; an empty
 * list means the stack may be planned.
 */
export function checkStackPolicy(document: Json, options: StackPolicyOptions = {}): StackPolicyFinding[] {
  const out = new Findings();
  if (!isMapping(document)) {
    out.add("", "is not a Terraform JSON document (an object)");
    return out.list;
  }
  walkStrings(document, "", out);
  for (const key of Object.keys(document)) {
    if (!TOP_LEVEL.has(key)) out.add(key, `"${key}" blocks are not used by this project and are refused${key === "module" ? " (a module is code from another source)" : ""}`);
  }
  checkTerraformBlock(document.terraform, options, out);
  checkProviders(document.provider, out);
  checkResources("resource", document.resource, new Set(options.resourceTypes ?? PROJECT_RESOURCE_TYPES), options, out);
  checkResources("data", document.data, new Set(options.dataTypes ?? PROJECT_DATA_TYPES), options, out);
  return out.list;
}

/**
 * Checks the text of a synthesized stack: invalid JSON and repeated keys
 * (which `JSON.parse` would hide: it keeps the last) are refused before the
 * document is checked with {@link checkStackPolicy}.
 */
export function checkStackPolicyText(text: string, options: StackPolicyOptions = {}): StackPolicyFinding[] {
  let document: Json;
  try {
    document = JSON.parse(text);
  } catch (e) {
    return [{ path: "", message: `is not valid JSON: ${(e as Error).message}` }];
  }
  const repeated = duplicateKeys(text).map((d) => ({ path: join(d.path, d.key), message: "this key appears more than once in its object; another reader than JSON.parse could see both" }));
  return repeated.length > 0 ? repeated : checkStackPolicy(document, options);
}

/** Every string and key of the document: function calls, and expressions that cannot be read with certainty. */
function walkStrings(value: Json, path: string, out: Findings): void {
  if (typeof value === "string") {
    checkExpression(value, path, out);
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => walkStrings(v, join(path, i), out));
  } else if (isMapping(value)) {
    for (const [k, v] of Object.entries(value)) {
      const p = join(path, k);
      checkExpression(k, p, out);
      walkStrings(v, p, out);
    }
  }
}

function checkExpression(text: string, path: string, out: Findings): void {
  const scan = scanTemplate(text);
  if (scan.unreadable) out.add(path, `cannot be read with certainty (${scan.unreadable}), so it is refused`);
  for (const call of new Set(scan.calls)) {
    const why = functionProblem(call);
    if (why) out.add(path, `calls ${call}(): ${why}`);
  }
}

/** Why a function call is refused, or undefined when it is allowed. */
export function functionProblem(call: string): string | undefined {
  if (call.startsWith("provider::")) return "a provider-defined function runs provider code, which this project does not use";
  const name = call.startsWith("core::") ? call.slice("core::".length) : call;
  if (name in REFUSED_FUNCTIONS) return REFUSED_FUNCTIONS[name];
  if (!PURE_FUNCTIONS.has(name)) return "not a built-in function of Terraform or OpenTofu that this policy knows to read nothing and run nothing";
  return undefined;
}

function checkTerraformBlock(terraform: Json, options: StackPolicyOptions, out: Findings): void {
  for (const [i, block] of blocks(terraform).entries()) {
    const base = Array.isArray(terraform) ? `terraform[${i}]` : "terraform";
    for (const key of Object.keys(block)) {
      if (!["required_providers", "backend", "required_version", "//"].includes(key)) {
        out.add(join(base, key), `terraform.${key} is not used by this project and is refused${key === "encryption" ? " (OpenTofu key providers can run programs)" : ""}`);
      }
    }
    for (const providers of blocks(block.required_providers)) checkRequiredProviders(providers, join(base, "required_providers"), out);
    checkBackend(block.backend, join(base, "backend"), options, out);
  }
}

function checkRequiredProviders(providers: Record<string, Json>, path: string, out: Findings): void {
  for (const [name, requirement] of Object.entries(providers)) {
    const sources = PROVIDERS[name];
    const source = isMapping(requirement) ? requirement.source : undefined;
    if (!sources) out.add(join(path, name), `provider "${name}" is not one this project uses (${Object.keys(PROVIDERS).join(", ")})`);
    else if (typeof source !== "string" || !sources.includes(source.toLowerCase())) {
      out.add(join(join(path, name), "source"), `${JSON.stringify(source)} is not the source of ${name}; allowed: ${sources.join(", ")}`);
    }
  }
}

function checkBackend(backend: Json, path: string, options: StackPolicyOptions, out: Findings): void {
  if (backend === undefined) {
    if (options.remoteStateOnly) out.add(path, "is not set: a plan with credentials needs the azurerm backend");
    return;
  }
  const entries = blocks(backend).flatMap((b) => Object.entries(b));
  if (entries.length !== 1) out.add(path, "must name exactly one backend");
  for (const [type, settings] of entries) checkStateSettings(type, settings, join(path, type), options, out);
}

/** The settings of a backend, or of `terraform_remote_state`: azurerm with known settings, or local where allowed. */
function checkStateSettings(type: Json, settings: Json, path: string, options: StackPolicyOptions, out: Findings): void {
  if (type === "local" && !options.remoteStateOnly) {
    for (const key of Object.keys(isMapping(settings) ? settings : {})) if (key !== "path") out.add(join(path, key), `local state setting "${key}" is refused`);
    return;
  }
  if (type !== "azurerm") {
    out.add(path, `state in ${JSON.stringify(type)} is refused: ${options.remoteStateOnly ? "a plan with credentials reads state from the azurerm backend only" : "this project keeps state in azurerm (or a local file)"}`);
    return;
  }
  for (const s of blocks(settings)) {
    for (const key of Object.keys(s)) {
      if (!AZURERM_BACKEND_KEYS.has(key)) out.add(join(path, key), `azurerm state setting "${key}" is refused (allowed: ${[...AZURERM_BACKEND_KEYS].join(", ")})`);
    }
  }
}

function checkProviders(providers: Json, out: Findings): void {
  if (providers === undefined) return;
  if (!isMapping(providers)) {
    out.add("provider", "is not an object");
    return;
  }
  for (const [name, configs] of Object.entries(providers)) {
    const path = join("provider", name);
    if (!(name in PROVIDERS)) {
      out.add(path, `provider "${name}" is not one this project uses (${Object.keys(PROVIDERS).join(", ")})`);
      continue;
    }
    for (const [i, config] of blocks(configs).entries()) {
      const at = Array.isArray(configs) ? join(path, i) : path;
      if (name === "azurerm") checkKeys(config, AZURERM_PROVIDER_KEYS, at, "azurerm provider setting", out);
      else checkHelmProvider(config, at, out);
    }
  }
}

function checkKeys(block: Record<string, Json>, allowed: ReadonlySet<string>, path: string, what: string, out: Findings): void {
  for (const key of Object.keys(block)) if (!allowed.has(key)) out.add(join(path, key), `${what} "${key}" is refused (allowed: ${[...allowed].filter((k) => k !== "//").join(", ")})`);
}

/**
 * The Helm provider reaches the cluster with the address and CA from state
 * and signs in by running `exec.command`: only `kubelogin get-token` with
 * this project's arguments. `config_path` and the like would read a local
 * kubeconfig, which can name any command.
 */
function checkHelmProvider(config: Record<string, Json>, path: string, out: Findings): void {
  checkKeys(config, new Set(["kubernetes", "alias", "//"]), path, "helm provider setting", out);
  for (const [i, kubernetes] of blocks(config.kubernetes).entries()) {
    const at = Array.isArray(config.kubernetes) ? join(join(path, "kubernetes"), i) : join(path, "kubernetes");
    checkKeys(kubernetes, new Set(["host", "cluster_ca_certificate", "client_certificate", "client_key", "exec"]), at, "helm provider kubernetes setting", out);
    for (const key of ["host", "cluster_ca_certificate", "client_certificate", "client_key"]) {
      if (key in kubernetes && !(typeof kubernetes[key] === "string" && FROM_CLUSTER_STATE.test(kubernetes[key]))) {
        out.add(join(at, key), "must be read from the cluster stack's state (data.terraform_remote_state.<name>.outputs.<output>): the token kubelogin gets would go to any other host");
      }
    }
    for (const exec of blocks(kubernetes.exec)) checkExec(exec, join(at, "exec"), out);
  }
}

function checkExec(exec: Record<string, Json>, path: string, out: Findings): void {
  checkKeys(exec, new Set(["api_version", "command", "args"]), path, "exec setting", out);
  if (exec.command !== "kubelogin") out.add(join(path, "command"), `runs ${JSON.stringify(exec.command)}; only kubelogin is allowed`);
  const args = exec.args;
  const ok =
    Array.isArray(args) &&
    args.length === 5 &&
    args[0] === "get-token" &&
    args[1] === "--login" &&
    KUBELOGIN_MODES.includes(args[2] as string) &&
    args[3] === "--server-id" &&
    args[4] === AKS_SERVER_APPLICATION_ID;
  if (!ok) out.add(join(path, "args"), `must be ["get-token", "--login", ${KUBELOGIN_MODES.map((m) => `"${m}"`).join(" or ")}, "--server-id", "${AKS_SERVER_APPLICATION_ID}"]`);
}

function checkResources(kind: "resource" | "data", byType: Json, allowed: ReadonlySet<string>, options: StackPolicyOptions, out: Findings): void {
  if (byType === undefined) return;
  if (!isMapping(byType)) {
    out.add(kind, "is not an object");
    return;
  }
  for (const [type, byName] of Object.entries(byType)) {
    const typePath = join(kind, type);
    if (!allowed.has(type)) {
      const why = type === "external" ? " (it runs a program at plan time)" : type.startsWith("null_") ? " (it exists to run provisioners)" : "";
      out.add(typePath, `${kind === "data" ? "data source" : "resource"} type "${type}" is not one this project synthesizes${why}`);
      continue;
    }
    for (const [name, bodies] of Object.entries(isMapping(byName) ? byName : {})) {
      for (const body of blocks(bodies)) checkBody(kind, type, body, join(typePath, name), options, out);
    }
  }
}

/** What a `terraform_data` resource may hold here: a value, nothing that triggers or runs anything. */
const TERRAFORM_DATA_KEYS = new Set(["//", "input", "lifecycle", "depends_on"]);

function checkBody(kind: "resource" | "data", type: string, body: Record<string, Json>, path: string, options: StackPolicyOptions, out: Findings): void {
  for (const key of ["provisioner", "connection"]) {
    if (key in body) out.add(join(path, key), `${key} blocks are refused: a provisioner runs commands on the planning or deploying machine, or on a remote one`);
  }
  if (kind === "resource" && type === "terraform_data") {
    for (const key of Object.keys(body).filter((k) => !TERRAFORM_DATA_KEYS.has(k) && k !== "provisioner" && k !== "connection")) {
      out.add(join(path, key), `a terraform_data resource holds only a value here (input); ${key} is refused`);
    }
  }
  if (kind === "data" && type === "terraform_remote_state") {
    checkStateSettings(body.backend, body.config, join(path, "config"), options, out);
    for (const key of Object.keys(body)) {
      // `defaults` would stand in for outputs the state does not have: a Helm endpoint of the stack's choosing.
      if (!["//", "backend", "config", "workspace", "depends_on", "lifecycle"].includes(key)) out.add(join(path, key), `terraform_remote_state setting "${key}" is refused`);
    }
  }
  if (kind === "resource" && type === "helm_release") checkHelmRelease(body, path, options, out);
}

/** A Helm release installs the Cilium chart from its repository, or a chart file next to the stack that the pipeline checked. */
function checkHelmRelease(body: Record<string, Json>, path: string, options: StackPolicyOptions, out: Findings): void {
  checkKeys(body, HELM_RELEASE_KEYS, path, "helm_release setting", out);
  const fromRepository = body.repository === CILIUM_CHART_REPOSITORY && body.chart === "cilium";
  const fromFile = body.repository === undefined && typeof body.chart === "string" && LOCAL_CHART.test(body.chart);
  if (fromFile || (fromRepository && !options.localChartsOnly)) return;
  const allowed = options.localChartsOnly
    ? "a chart file next to the stack (./<name>.tgz) that the pipeline checked against its pinned digest"
    : `chart "cilium" from ${CILIUM_CHART_REPOSITORY}, or a chart file next to the stack (./<name>.tgz)`;
  out.add(join(path, "chart"), `${JSON.stringify(body.chart)}${body.repository === undefined ? "" : ` from ${JSON.stringify(body.repository)}`} is refused; allowed: ${allowed}`);
}
