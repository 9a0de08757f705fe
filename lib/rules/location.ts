/**
 * LOC: the Azure region (network-rules §4.3).
 */
import { LOGICAL_LOCATIONS, normalizeLocation, PHYSICAL_REGIONS } from "../reference/regions";
import { defineRules, type RuleContext } from "./engine";

export const LOCATION_RULES = defineRules({
  "LOC-01": {
    severity: "error",
    title: "Location is a physical Azure region (normalised like azurerm: lower case, no spaces); `global` is invalid",
    source: "ARM List Locations (snapshot: Azure/terraform-azurerm-avm-utl-regions); go-azure-helpers location",
    why: "refused: ARM refuses an unknown or logical location; a name missing only from this project's snapshot is a warning, since regions are added",
    fix: "set location to a physical Azure region such as westeurope, as az account list-locations names it",
  },
});

export function checkLocation(ctx: RuleContext, path: string, location: unknown): void {
  if (ctx.unknown("LOC-01", path, location)) return;
  if (typeof location !== "string" || normalizeLocation(location) === "") {
    ctx.report("LOC-01", path, "is empty; name an Azure region such as eastus or westeurope");
    return;
  }
  const name = normalizeLocation(location);
  if (name === "global" || LOGICAL_LOCATIONS.has(name)) {
    ctx.report("LOC-01", path, `"${location}" is a logical location, not a region; AKS needs a physical region such as eastus`);
  } else if (!/^[a-z0-9]+$/.test(name)) {
    ctx.report("LOC-01", path, `"${location}" is not a region name (letters and digits, e.g. westeurope)`);
  } else if (!PHYSICAL_REGIONS.has(name)) {
    ctx.report("LOC-01", path, `"${location}" is not in this project's list of Azure regions; check the spelling (az account list-locations). New regions are added over time`, "warning");
  }
}
