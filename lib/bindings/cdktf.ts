/**
 * The one door to the CDK for Terraform runtime.
 *
 * Every other module imports cdktf and constructs through this file, so that a
 * move to the community fork (cdktn, "CDK Terrain") is a change here and in
 * package.json only. See docs/migrating-to-cdktn.md.
 */
export { Construct } from "constructs";
export type { IConstruct, IValidation } from "constructs";
export {
  Annotations,
  App,
  DefaultTokenResolver,
  StringConcat,
  Tokenization,
  Aspects,
  AzurermBackend,
  Fn,
  LocalBackend,
  Op,
  Testing,
  TerraformElement,
  TerraformOutput,
  TerraformProvider,
  TerraformResource,
  TerraformStack,
  TerraformVariable,
  Token,
  ref,
} from "cdktf";
/** Not part of cdktf's index, but stable: cdktf 0.21.0 is the final release. */
export { addCustomSynthesis, invokeAspects, StackSynthesizer } from "cdktf/lib/synthesize/synthesizer";
export type { ISynthesisSession } from "cdktf/lib/synthesize/types";
export { AnnotationMetadataEntryType } from "cdktf/lib/annotations";
/** How a stack names a resource's Terraform address from its construct path (stable since cdktf 0.1). */
export { makeUniqueId } from "cdktf/lib/private/unique";
export type {
  AppConfig,
  AzurermBackendConfig,
  IAspect,
  ITerraformDependable,
  TerraformResourceLifecycle,
} from "cdktf";
