/**
 * lib/reference/cilium-chart-values.json is generated from the Cilium chart
 * package by scripts/cilium-chart-keys.js. This re-runs the generator on the
 * package and compares: the committed file must be current. Regenerate with
 * `node scripts/cilium-chart-keys.js`.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as zlib from "zlib";

interface Generator {
  buildCatalog(tgz: Buffer): Record<string, any>;
  renderCatalog(catalog: Record<string, any>): string;
  untar(tar: Buffer): Map<string, Buffer>;
  DEFAULT_CHART: string;
  OUTPUT: string;
}
// A plain Node script (it runs without a build), so it is required, not imported.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const generator: Generator = require("../scripts/cilium-chart-keys.js");

/** The digest helm.cilium.io's index.yaml gives for cilium-1.18.12.tgz. */
const SHA256 = "5923f9d9fcb11bc4692ad52353cc791b935d96e09ba0c535c5a8b88ea8a37572";

/** The chart package, or a failure that says where to get it (never a silent pass). */
function chartPackage(): Buffer {
  if (!fs.existsSync(generator.DEFAULT_CHART)) {
    throw new Error(
      `${generator.DEFAULT_CHART} is missing: put the Cilium chart package there ` +
        "(`helm pull cilium --repo https://helm.cilium.io --version 1.18.12 -d ../shared/cilium` from the repository root; " +
        `sha256 ${SHA256})`,
    );
  }
  return fs.readFileSync(generator.DEFAULT_CHART);
}

describe("the generated key catalog", () => {
  let tgz: Buffer;
  let built: Record<string, any>;
  beforeAll(() => {
    tgz = chartPackage();
    built = generator.buildCatalog(tgz);
  });

  test("is current: the generator's output on the chart package equals the committed file", () => {
    const committed = fs.readFileSync(generator.OUTPUT, "utf8");
    // On failure: `node scripts/cilium-chart-keys.js`, then review the diff.
    expect(committed).toBe(generator.renderCatalog(built));
  });

  test("comes from the package helm.cilium.io serves", () => {
    expect(built).toMatchObject({ chart: "cilium", version: "1.18.12", sha256: SHA256 });
  });

  test("the tar reader agrees with the system tar on the file list and on values.yaml", () => {
    const files = generator.untar(zlib.gunzipSync(tgz));
    const list = spawnSync("tar", ["-tzf", generator.DEFAULT_CHART], { encoding: "utf8" });
    if (list.error) throw new Error(`the system tar is needed for this cross-check: ${list.error.message}`);
    const regular = list.stdout.split("\n").filter((n) => n && !n.endsWith("/"));
    expect([...files.keys()].sort()).toEqual(regular.sort());
    const values = spawnSync("tar", ["-xzOf", generator.DEFAULT_CHART, "cilium/values.yaml"], { maxBuffer: 16 * 1024 * 1024 });
    expect(files.get("cilium/values.yaml")!.equals(values.stdout)).toBe(true);
  });

  test.each([
    // [path, marker, why]: one of each kind of free-form spot.
    ["podAnnotations", "open", /^empty mapping by default/],
    ["extraConfig", "open", /^empty mapping by default/],
    ["nodeSelector", "open", /^rendered whole by templates\/cilium-agent\/daemonset\.yaml/],
    ["operator.affinity", "open", /^rendered whole by templates\/cilium-operator\/deployment\.yaml/],
    ["ipam.operator.autoCreateCiliumPodIPPools", "open", /its keys are ranged over in templates\/cilium-configmap\.yaml/],
    ["envoy.log.format_json", "open", /^null by default; values\.schema\.json allows an object$/],
    ["loadBalancer.algorithm", "any", /^not in values\.yaml; read by templates\/cilium-configmap\.yaml$/],
  ])("%s is %s (%s)", (key, marker, why) => {
    const node = key.split(".").reduce<any>((n, k) => n?.[k], built.keys);
    expect(node).toBe(marker);
    expect(built.unchecked[key]).toMatch(why);
  });

  test("lists, scalars and closed mappings", () => {
    expect(built.keys.operator.tolerations).toBe("list");
    expect(built.keys.ipam.operator.clusterPoolIPv4PodCIDRList).toBe("list");
    expect(built.keys.routingMode).toBe("scalar");
    // The agent's securityContext is read field by field, so it stays closed; its seLinuxOptions is rendered whole.
    expect(built.keys.securityContext).toMatchObject({ privileged: "scalar", seLinuxOptions: "open" });
  });

  test("removed options (templates/validate.yaml fails on them) are not known keys", () => {
    expect(built.removedOptions).toEqual(expect.arrayContaining(["tunnel", "encryption.keyFile", "enableCiliumEndpointSlice"]));
    expect(built.keys.tunnel).toBeUndefined();
  });
});
