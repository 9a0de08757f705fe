/**
 * Azure physical regions (names as ARM spells them), from the List Locations
 * snapshot kept by Azure/terraform-azurerm-avm-utl-regions
 * (modules/cached-data/locations.tf.json, commit 0caf3b86ee299c3c8a84b945316a72e31622c0ee).
 * The list grows: a name missing here is a warning (LOC-01), not an error.
 *
 * Only the `name` of each entry whose metadata.regionType is "Physical" is kept
 * (61 names). The snapshot also marks as Physical the canary (EUAP) and
 * staging (STG) regions eastus2euap, centraluseuap, eastusstg and
 * southcentralusstg; they are kept as the snapshot lists them.
 */
export const PHYSICAL_REGIONS: ReadonlySet<string> = new Set([
  "australiacentral", "australiacentral2", "australiaeast", "australiasoutheast", "austriaeast",
  "belgiumcentral", "brazilsouth", "brazilsoutheast", "canadacentral", "canadaeast",
  "centralindia", "centralus", "centraluseuap", "chilecentral", "eastasia", "eastus", "eastus2",
  "eastus2euap", "eastusstg", "francecentral", "francesouth", "germanynorth", "germanywestcentral",
  "indonesiacentral", "israelcentral", "italynorth", "japaneast", "japanwest", "jioindiacentral",
  "jioindiawest", "koreacentral", "koreasouth", "malaysiawest", "mexicocentral", "newzealandnorth",
  "northcentralus", "northeurope", "norwayeast", "norwaywest", "polandcentral", "qatarcentral",
  "southafricanorth", "southafricawest", "southcentralus", "southcentralusstg", "southeastasia",
  "southindia", "spaincentral", "swedencentral", "switzerlandnorth", "switzerlandwest",
  "uaecentral", "uaenorth", "uksouth", "ukwest", "westcentralus", "westeurope", "westindia",
  "westus", "westus2", "westus3",
]);

/**
 * Logical (non-physical) location names found in the same snapshot
 * (metadata.regionType "Logical", 40 names: "global", geographies such as
 * "unitedstates" and "europe", and "*stage" locations); never valid for a cluster.
 */
export const LOGICAL_LOCATIONS: ReadonlySet<string> = new Set([
  "asia", "asiapacific", "australia", "brazil", "canada", "centralusstage", "eastasiastage",
  "eastus2stage", "eastusstage", "europe", "france", "germany", "global", "india", "indonesia",
  "israel", "italy", "japan", "korea", "malaysia", "mexico", "newzealand", "northcentralusstage",
  "norway", "poland", "qatar", "singapore", "southafrica", "southcentralusstage",
  "southeastasiastage", "spain", "sweden", "switzerland", "taiwan", "uae", "uk", "unitedstates",
  "unitedstateseuap", "westus2stage", "westusstage",
]);

/** Normalises a location the way azurerm does: lower case, spaces removed. */
export function normalizeLocation(location: string): string {
  return location.replace(/ /g, "").toLowerCase();
}
