/**
 * ARM resource IDs of subnets, parsed strictly (static segments matched
 * case-sensitively, as azurerm's commonids.ValidateSubnetID does).
 */

/** A subnet's ARM ID, by segment. */
export interface SubnetId {
  /** The subscription's GUID. */
  readonly subscriptionId: string;
  /** The VNet's resource group. */
  readonly resourceGroupName: string;
  /** The VNet's name. */
  readonly virtualNetworkName: string;
  /** The subnet's name. */
  readonly subnetName: string;
}

/** A GUID, as ARM writes subscription, role definition and assignment IDs. */
export const GUID = "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}";
/** One segment of an ARM ID: no whitespace, quote or backslash, which no Azure name has (a stray newline or a quote must not pass). */
export const SEGMENT = '[^/\\s"\\\\]+';
const SUBNET_ID = new RegExp(
  `^/subscriptions/(${GUID})/resourceGroups/(${SEGMENT})/providers/Microsoft\\.Network/virtualNetworks/(${SEGMENT})/subnets/(${SEGMENT})$`,
);

/** Parses a subnet ARM ID; `undefined` when it is not one. */
export function parseSubnetId(id: string): SubnetId | undefined {
  const m = SUBNET_ID.exec(id);
  if (!m) return undefined;
  return { subscriptionId: m[1]!, resourceGroupName: m[2]!, virtualNetworkName: m[3]!, subnetName: m[4]! };
}

/** The IDs a role assignment may be scoped to and still cover the subnet: the subnet and its ancestors. */
export function subnetScopes(id: SubnetId): string[] {
  const sub = `/subscriptions/${id.subscriptionId}`;
  const rg = `${sub}/resourceGroups/${id.resourceGroupName}`;
  const vnet = `${rg}/providers/Microsoft.Network/virtualNetworks/${id.virtualNetworkName}`;
  return [`${vnet}/subnets/${id.subnetName}`, vnet, rg, sub];
}

export const UUID = new RegExp(`^${GUID}$`);

/**
 * True when `id` is the ARM ID of a resource of `namespaceAndType` (e.g.
 * `Microsoft.Storage/storageAccounts`) in a resource group, static segments
 * matched case-sensitively as azurerm's ID validators do.
 */
export function isResourceId(id: string, namespaceAndType: string): boolean {
  const type = namespaceAndType.replace(/\./g, "\\.");
  return new RegExp(`^/subscriptions/${GUID}/resourceGroups/${SEGMENT}/providers/${type}/${SEGMENT}$`).test(id);
}
