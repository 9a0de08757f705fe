/**
 * The attributes the azurerm and helm providers mark sensitive, per resource
 * and data source type. Generated from the providers' own schemas by
 * `node scripts/sensitive-attributes.js` (`tofu providers schema -json` of
 * azurerm 4.55.0 and 4.73.0 and helm 3.1.1, their union); never edit
 * sensitive-attributes.json by hand.
 */

/** The generated file: per type, the sensitive paths (names from the type down, dot-joined, no index steps). */
interface SensitiveAttributesFile {
  readonly resource: Readonly<Record<string, readonly string[]>>;
  readonly data: Readonly<Record<string, readonly string[]>>;
}

let file: SensitiveAttributesFile | undefined;

/** Read on first use: only a config that holds a reference needs it. */
function sensitiveAttributes(): SensitiveAttributesFile {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (file ??= require("./sensitive-attributes.json") as SensitiveAttributesFile);
}

/**
 * The sensitive attribute that the attribute path `steps` (names only, index
 * steps dropped) of a resource or data source of `type` reaches, or
 * undefined. A path reaches an attribute when it is the attribute, lies under
 * it (`kube_config.client_key` under `kube_config`), or holds it
 * (`windows_profile` holds `windows_profile.admin_password`). A type neither
 * provider knows has none.
 */
export function sensitiveAttributeReached(kind: "resource" | "data", type: string, steps: readonly string[]): string | undefined {
  const paths = Object.prototype.hasOwnProperty.call(sensitiveAttributes()[kind], type) ? sensitiveAttributes()[kind][type]! : [];
  const reference = steps.join(".");
  return paths.find((p) => reference === p || reference.startsWith(`${p}.`) || p.startsWith(`${reference}.`));
}
