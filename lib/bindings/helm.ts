/**
 * The Helm provider classes used by the optional CNI stack, by deep path.
 * Only the CNI stack imports this file, so environments without a CNI never
 * load the Helm bindings.
 */
export { HelmProvider } from "@cdktf/provider-helm/lib/provider";
export { Release } from "@cdktf/provider-helm/lib/release";
