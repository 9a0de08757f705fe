/**
 * Which config field each resource of this project was built from (the
 * cluster: `cluster`, a user pool: `cluster.userNodePools[1]`), so that a
 * policy finding names the field to change, as every other rule does,
 * rather than a Terraform address.
 */
import type { IConstruct } from "../../bindings/cdktf";

const PATHS = new WeakMap<IConstruct, string>();

/** Records that `resource` was built from the config field at `configPath`. */
export function recordConfigPath(resource: IConstruct, configPath: string): void {
  PATHS.set(resource, configPath);
}

/** The config field `resource` was built from; undefined for a resource these constructs did not build. */
export function configPathOf(resource: IConstruct): string | undefined {
  return PATHS.get(resource);
}
