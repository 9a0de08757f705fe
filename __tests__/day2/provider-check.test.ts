/**
 * The provider check's real-provider plan (`npm run validate:terraform`,
 * `checkSynthesizedStacks`) runs the provider's plan-time checks
 * (CustomizeDiff), which `tofu validate` and mock plans skip: shown on a
 * stack whose `advanced_networking` block reaches the JSON through an
 * escape-hatch override, past rule BYO-06.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { Testing } from "../../lib/bindings/cdktf";
import { AksByoCniStack } from "../../lib/constructs/aks-byo-cni-stack";
import { checkSynthesizedStacks } from "../../lib/testing/terraform/check";
import { seedConfig } from "../support";
import { terraformCli } from "./support";

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "provider-check-"));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** The seed stack's JSON, with `override` applied to the cluster, written as a stack directory. */
function stackDir(name: string, override?: [string, unknown]): string {
  const stack = new AksByoCniStack(Testing.app(), name, seedConfig());
  if (override) stack.cluster.kubernetesCluster.addOverride(...override);
  const out = path.join(dir, name);
  fs.mkdirSync(out, { recursive: true });
  fs.writeFileSync(path.join(out, "cdk.tf.json"), Testing.synth(stack));
  return out;
}

test("advanced networking with plugin none: validate and the mock plan pass, the real provider's plan refuses it", async () => {
  const cli = await terraformCli();
  const [withBlock, without] = await checkSynthesizedStacks(
    [stackDir("advanced", ["network_profile.advanced_networking", { observability_enabled: true, security_enabled: false }]), stackDir("plain")],
    { binary: cli.binary, cliConfigFile: cli.cliConfigFile, concurrency: 1 },
  );
  expect(withBlock).toMatchObject({ ok: false, phase: "real-plan" });
  expect(withBlock!.problems.map((p) => p.message).join(" ")).toMatch(/when `network_profile.0.advanced_networking` is set, `network_profile.0.network_data_plane` must be set to `cilium`/);
  expect(without).toMatchObject({ ok: true });
});
