/**
 * Without a subnet of yours AKS creates the VNet, its nodes in 10.224.0.0/16,
 * and new clusters must keep their service and pod ranges off that subnet:
 * the overlap rules hold against it as against a declared one. The VNet's
 * address space is not assumed.
 */
import { seedConfig, withField } from "../support";
import { clusterRun, hits, messageOf } from "./helpers";

const SVC = "network.serviceCidr";
const DNS = "network.dnsServiceIp";
const POD = "network.podCidr";
const service = (range: string, dns: string) =>
  withField(withField(seedConfig(), SVC, range), DNS, dns);

test("the seed config has no network of its own and no overlap finding", () => {
  const run = clusterRun(seedConfig());
  expect(seedConfig().network?.vnet).toBeUndefined();
  for (const rule of ["SVC-01", "SVC-02", "POD-02", "POD-08", "NET-12"])
    expect(hits(run, rule)).toEqual([]);
});

describe("the service range", () => {
  test("over the node subnet AKS creates: SVC-01's error", () => {
    const run = clusterRun(service("10.224.0.0/16", "10.224.0.10"));
    expect(hits(run, "SVC-01")).toEqual([`error ${SVC}`]);
    expect(messageOf(run, "SVC-01")).toContain(
      "overlaps subnet 10.224.0.0/16 (the node subnet AKS creates, the AKS default)"
    );
  });

  test("right after that subnet: no finding (the VNet's space is not assumed)", () => {
    const run = clusterRun(service("10.225.0.0/16", "10.225.0.10"));
    expect([...hits(run, "SVC-01"), ...hits(run, "SVC-02")]).toEqual([]);
  });
});

describe("the pod range", () => {
  test("over the node subnet AKS creates: POD-02's error; right after it none", () => {
    expect(
      hits(clusterRun(withField(seedConfig(), POD, "10.224.0.0/16")), "POD-02")
    ).toEqual([`error ${POD}`]);
    const next = clusterRun(withField(seedConfig(), POD, "10.225.0.0/16"));
    expect([...hits(next, "POD-02"), ...hits(next, "POD-08")]).toEqual([]);
  });
});

test("a connected network over the node subnet AKS creates: NET-12 at the connected network's field", () => {
  const run = clusterRun(
    withField(seedConfig(), "network.connectedNetworks", ["10.224.128.0/24"])
  );
  expect(hits(run, "NET-12")).toEqual(["error network.connectedNetworks[0]"]);
  expect(messageOf(run, "NET-12")).toContain(
    "the node subnet AKS creates, 10.224.0.0/16 overlaps connected network 10.224.128.0/24"
  );
  expect(
    hits(
      clusterRun(
        withField(seedConfig(), "network.connectedNetworks", ["10.225.0.0/24"])
      ),
      "NET-12"
    )
  ).toEqual([]);
});
