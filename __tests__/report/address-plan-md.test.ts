/**
 * The address plan as Markdown, and the before/after comparison posted on
 * pull requests. Pure: strings in, strings out.
 */
import { readAddressPlanView, type AddressPlanView, type CapacityRow } from "../../lib/report/address-plan/view";
import { diffAddressPlans, escapeMarkdown, formatCount, renderAddressPlanMarkdown } from "../../lib/report/address-plan/markdown";
import { adoptedSubnetFixture, conflictingFixture, denseFixture, devFixture, prodFixture, prodWithConnectedFixture } from "./fixtures";

/** The cells of the table rows whose first cell is `first`. */
function rowsStarting(md: string, first: string): string[][] {
  return md
    .split("\n")
    .filter((l) => l.startsWith(`| ${first} |`))
    .map((l) =>
      l
        .slice(2, -2)
        .split(/(?<!\\)\|/)
        .map((c) => c.trim()),
    );
}

/** A JSON round trip, as the diff script reads the base branch's file. */
const viaJson = (v: AddressPlanView) => readAddressPlanView(JSON.parse(JSON.stringify(v)));

const withCapacity = (v: AddressPlanView, key: string, change: Partial<CapacityRow>): AddressPlanView => ({
  ...v,
  capacity: v.capacity.map((c) => (c.key === key ? { ...c, ...change } : c)),
});

describe("renderAddressPlanMarkdown", () => {
  test("prod: the picture, the verdict, every range with its span and config path, the capacity table", () => {
    const md = renderAddressPlanMarkdown(prodFixture);
    expect(md.split("\n").slice(0, 5)).toEqual([
      "## Address plan: `prod`",
      "",
      '<a href="address-plan.svg"><img src="address-plan.svg" alt="Address plan of prod: 13 ranges on the IPv4 address axis"></a>',
      "",
      "**No overlaps.** No connected networks are declared (`network.connectedNetworks`), so overlaps with peered and on-premises ranges are not checked.",
    ]);
    expect(renderAddressPlanMarkdown(prodWithConnectedFixture).split("\n")[4]).toBe("**No overlaps.**");
    expect(rowsStarting(md, "VNet")).toEqual([["VNet", "`10.224.0.0/12`", "10.224.0.0 - 10.239.255.255", "vnet-aks-byocni-prod", "`network.vnet.addressSpace[0]`", ""]]);
    expect(rowsStarting(md, "Node subnet")).toEqual([
      ["Node subnet", "`10.224.0.0/16`", "10.224.0.0 - 10.224.255.255", "snet-aks-nodes", "`network.vnet.subnet.addressPrefixes[0]`", ""],
    ]);
    expect(rowsStarting(md, "DNS service IP")).toEqual([["DNS service IP", "`10.0.0.10`", "", "", "`network.dnsServiceIp`", "inside the service range"]]);
    expect(rowsStarting(md, "Reserved by AKS").map((r) => r[1])).toEqual(["`169.254.0.0/16`", "`172.30.0.0/16`", "`172.31.0.0/16`", "`192.0.2.0/24`"]);
    expect(rowsStarting(md, "Reserved by Azure").find((r) => r[1] === "`168.63.129.16/32`")![2]).toBe("168.63.129.16");
    expect(rowsStarting(md, "Node subnet 10.224.0.0/16: node addresses")).toEqual([
      [
        "Node subnet 10.224.0.0/16: node addresses",
        "65,531 nodes",
        "15",
        "65,516",
        "2^(32-16) - 5 reserved by Azure; peak = system 3 + 1 surge, apps 10 + 1 surge, 0 internal LB frontends",
      ],
    ]);
    expect(rowsStarting(md, "Pool apps at max scale (10 nodes): pods")[0]!.slice(1, 4)).toEqual(["2,540 pods", "1,100", "1,440"]);
    expect(md.endsWith("|\n")).toBe(true);
  });

  test("ranges are grouped by kind, the DNS IP right after the service range", () => {
    const md = renderAddressPlanMarkdown(prodWithConnectedFixture);
    const kinds = md
      .split("### Ranges")[1]!
      .split("### Capacity")[0]!
      .split("\n")
      .filter((l) => l.startsWith("| ") && !l.startsWith("| Kind") && !l.startsWith("| ---"))
      .map((l) => l.split(" | ")[0]!.slice(2));
    expect([...new Set(kinds)]).toEqual(["VNet", "Node subnet", "Pod range", "Service range", "DNS service IP", "Connected network", "Reserved by AKS", "Reserved by Azure"]);
  });

  test("unknown ranges and figures are 'known at apply time', never a guess", () => {
    const md = renderAddressPlanMarkdown(adoptedSubnetFixture);
    expect(rowsStarting(md, "Node subnet")).toEqual([["Node subnet", "*known at apply time*", "", "(adopted)", "`network.existingSubnetId`", "not checked until apply"]]);
    expect(rowsStarting(md, "Node subnet (adopted): node addresses")[0]!.slice(1, 4)).toEqual(["*known at apply time*", "15", "*known at apply time*"]);
    expect(md).toContain("1 range is known only at apply time and not checked here.");
    // The VNet AKS creates: its node subnet is AKS's 10.224.0.0/16, its address space is not assumed.
    expect(renderAddressPlanMarkdown(devFixture)).toContain("1 range is known only at apply time and not checked here.");
  });

  test("API defaults, overlaps and a short headroom are called out", () => {
    const md = renderAddressPlanMarkdown(conflictingFixture);
    // Azure refuses the pod range over its reserved ranges; it tolerates the others (warnings), and the report says which is which.
    expect(md).toContain(
      "**2 overlaps Azure refuses:** 172.16.0.0/12 Pod range: CNI pool and 172.30.0.0/16 Reserved by AKS: AKS internal [RES-02]; 172.16.0.0/12 Pod range: CNI pool and 172.31.0.0/16 Reserved by AKS: AKS internal [RES-02]. " +
        "**2 overlaps Azure tolerates (warnings):** 10.0.0.0/8 VNet: vnet-bad and 10.0.0.0/16 Service range: ClusterIPs [SVC-02]; 172.16.0.0/12 Pod range: CNI pool and 172.20.0.0/16 Connected network: on-premises [POD-03].",
    );
    expect(rowsStarting(md, "Service range")[0]![5]).toBe("API default; **overlaps** 10.0.0.0/8 VNet: vnet-bad [SVC-02, tolerated]");
    expect(rowsStarting(md, "Reserved by AKS")[1]![5]).toBe("**overlaps** 172.16.0.0/12 Pod range: CNI pool [RES-02]");
    expect(rowsStarting(md, "DNS service IP")[0]![5]).toBe("API default; inside the service range");
    expect(md).toContain("No capacity figures.");
    const dense = renderAddressPlanMarkdown(denseFixture());
    expect(rowsStarting(dense, "Node subnet 10.10.0.0/22: node addresses")[0]!.slice(1, 4)).toEqual(["1,019 nodes", "1,030", "**-11 (short)**"]);
    expect(rowsStarting(dense, "VNet").map((r) => r[2])).toEqual(["10.10.0.0 - 10.10.255.255", "IPv6"]);
  });

  test("a DNS IP outside the service range is said to be", () => {
    const md = renderAddressPlanMarkdown({ ...prodFixture, dnsServiceIp: { address: "10.1.0.10", path: "network.dnsServiceIp", defaulted: false } });
    expect(md).toContain("**The DNS service IP 10.1.0.10 is not inside the service range.**");
    expect(rowsStarting(md, "DNS service IP")[0]![5]).toBe("**not inside the service range**");
  });

  test("the picture can be a link (for a comment) or left out", () => {
    const linked = renderAddressPlanMarkdown(prodFixture, { picture: { href: "https://github.com/o/r/actions/runs/1/artifacts/2", inline: false }, headingLevel: 4 });
    expect(linked.split("\n").slice(0, 3)).toEqual(["#### Address plan: `prod`", "", "Picture: [2](https://github.com/o/r/actions/runs/1/artifacts/2)"]);
    const named = renderAddressPlanMarkdown(prodFixture, { picture: { href: "https://example.test/a b(1).svg", inline: false, text: "the picture" } });
    expect(named).toContain("Picture: [the picture](https://example.test/a%20b%281%29.svg)");
    expect(linked).toContain("##### Ranges");
    const none = renderAddressPlanMarkdown(prodFixture, { picture: false });
    expect(none).not.toMatch(/<img|Picture:/);
  });

  test("names from the config cannot break the tables or inject HTML", () => {
    const md = renderAddressPlanMarkdown({
      ...prodFixture,
      ranges: [{ kind: "connected", label: "a|b <img src=x> *c* [d](e)", cidr: "192.168.0.0/16", path: "network.connectedNetworks[0]", defaulted: false }],
    });
    const [row] = rowsStarting(md, "Connected network");
    expect(row).toHaveLength(6);
    expect(row![3]).toBe("a\\|b &lt;img src=x&gt; \\*c\\* \\[d\\](e)");
    expect(md).not.toContain("<img src=x>");
    expect(escapeMarkdown("x_y\ny`z")).toBe("x\\_y y\\`z");
  });

  test("numbers are grouped the same everywhere", () => {
    expect([0, 7, 999, 1000, 65531, 1234567, -11, -65280].map(formatCount)).toEqual(["0", "7", "999", "1,000", "65,531", "1,234,567", "-11", "-65,280"]);
  });
});

describe("diffAddressPlans", () => {
  test("identical plans, also through JSON (which drops unknown CIDRs), say 'no change'", () => {
    for (const v of [prodFixture, devFixture, adoptedSubnetFixture, denseFixture()]) {
      expect(diffAddressPlans(viaJson(v), v)).toBe(`### Address plan changes: \`${v.stack}\`\n\nNo change to the address plan.\n`);
    }
  });

  test("a smaller node subnet: the range and its capacity, with the headroom change", () => {
    const after: AddressPlanView = withCapacity(
      { ...prodFixture, ranges: prodFixture.ranges.map((r) => (r.kind === "nodeSubnet" ? { ...r, cidr: "10.224.0.0/24" } : r)) },
      "subnet.nodes",
      { label: "Node subnet 10.224.0.0/24: node addresses", value: 251, headroom: 236 },
    );
    const md = diffAddressPlans(prodFixture, after);
    expect(rowsStarting(md, "changed")).toEqual([
      ["changed", "Node subnet `network.vnet.subnet.addressPrefixes[0]`", "`10.224.0.0/16` snet-aks-nodes", "`10.224.0.0/24` snet-aks-nodes"],
      ["changed", "Node subnet 10.224.0.0/24: node addresses", "65,531 for 15 nodes, headroom 65,516", "251 for 15 nodes, headroom 236", "-65,280"],
    ]);
    expect(md).not.toContain("#### Overlaps");
  });

  test("more nodes than the subnet holds: the headroom turns negative and says so", () => {
    const after = withCapacity(prodFixture, "subnet.nodes", { demand: 65540, headroom: -9 });
    expect(rowsStarting(diffAddressPlans(prodFixture, after), "changed")).toEqual([
      ["changed", "Node subnet 10.224.0.0/16: node addresses", "65,531 for 15 nodes, headroom 65,516", "65,531 for 65,540 nodes, headroom **-9 (short)**", "-65,525"],
    ]);
  });

  test("added and removed ranges and figures, and overlaps that appear", () => {
    const md = diffAddressPlans(prodFixture, {
      ...prodWithConnectedFixture,
      ranges: [...prodWithConnectedFixture.ranges, { kind: "connected", label: "lab", cidr: "10.244.128.0/17", path: "network.connectedNetworks[2]", defaulted: false }],
      capacity: prodFixture.capacity.filter((c) => c.key !== "pool.apps.pods"),
    });
    expect(rowsStarting(md, "added")).toEqual([
      ["added", "Connected network `network.connectedNetworks[0]`", "", "`172.16.0.0/16` hub VNet (peered)"],
      ["added", "Connected network `network.connectedNetworks[1]`", "", "`192.168.0.0/16` on-premises"],
      ["added", "Connected network `network.connectedNetworks[2]`", "", "`10.244.128.0/17` lab"],
    ]);
    expect(rowsStarting(md, "\\*\\*new overlap\\*\\*")).toEqual([]);
    expect(rowsStarting(md, "**new overlap**")).toEqual([["**new overlap**", "10.244.0.0/16 Pod range: CNI pool and 10.244.128.0/17 Connected network: lab \\[POD-03\\]"]]);
    expect(rowsStarting(md, "removed")).toEqual([["removed", "Pool apps at max scale (10 nodes): pods", "2,540 for 1,100 pods, headroom 1,440", "", ""]]);
    expect(md.indexOf("#### Ranges")).toBeLessThan(md.indexOf("#### Overlaps"));
    expect(md.indexOf("#### Overlaps")).toBeLessThan(md.indexOf("#### Capacity"));
  });

  test("a resolved overlap, a DNS IP that moves, a value that becomes the API default", () => {
    const before = conflictingFixture;
    const after: AddressPlanView = {
      ...conflictingFixture,
      ranges: conflictingFixture.ranges.map((r) => (r.kind === "pod" ? { ...r, cidr: "100.64.0.0/16" } : r.kind === "vnet" ? { ...r, defaulted: false, cidr: "10.0.0.0/8" } : r)),
      dnsServiceIp: { address: "10.0.0.53", path: "network.dnsServiceIp", defaulted: false },
    };
    const md = diffAddressPlans(before, after);
    expect(rowsStarting(md, "changed")).toEqual([
      ["changed", "Pod range `network.podCidr`", "`172.16.0.0/12` CNI pool", "`100.64.0.0/16` CNI pool"],
      ["changed", "DNS service IP `network.dnsServiceIp`", "`10.0.0.10` (API default)", "`10.0.0.53`"],
    ]);
    expect(rowsStarting(md, "resolved").map((r) => r[1])).toEqual([
      "172.16.0.0/12 Pod range: CNI pool and 172.20.0.0/16 Connected network: on-premises \\[POD-03\\]",
      "172.16.0.0/12 Pod range: CNI pool and 172.30.0.0/16 Reserved by AKS: AKS internal \\[RES-02\\]",
      "172.16.0.0/12 Pod range: CNI pool and 172.31.0.0/16 Reserved by AKS: AKS internal \\[RES-02\\]",
    ]);
  });

  test("a subnet adopted with unknown prefixes: the range becomes unknown, so does its headroom", () => {
    const md = diffAddressPlans(prodFixture, adoptedSubnetFixture);
    expect(rowsStarting(md, "changed")).toEqual([
      ["changed", "Node subnet (adopted): node addresses", "65,531 for 15 nodes, headroom 65,516", "? for 15 nodes, headroom ?", "?"],
    ]);
    // The node subnet's path changed (network.existingSubnetId): it is a different range.
    expect(rowsStarting(md, "removed").map((r) => r[1])).toEqual(["VNet `network.vnet.addressSpace[0]`", "Node subnet `network.vnet.subnet.addressPrefixes[0]`"]);
    expect(rowsStarting(md, "added").map((r) => r[3])).toEqual(["`10.224.0.0/12` vnet-shared-hub", "*known at apply time* (adopted)"]);
  });

  test("ranges that share a source (the reserved lists) are paired by CIDR", () => {
    const after: AddressPlanView = { ...prodFixture, ranges: prodFixture.ranges.filter((r) => r.cidr !== "192.0.2.0/24") };
    expect(rowsStarting(diffAddressPlans(prodFixture, after), "removed")).toEqual([
      ["removed", "Reserved by AKS `AKS reserved (RES-01..03)`", "`192.0.2.0/24` TEST-NET-1", ""],
    ]);
  });

  test("a side without a plan is said so, not shown as everything added", () => {
    expect(diffAddressPlans(undefined, prodFixture)).toBe(
      "### Address plan changes: `prod`\n\nNo address plan on the base branch to compare with (a new environment, or a base from before address plans).\n",
    );
    expect(diffAddressPlans(prodFixture, undefined)).toContain("No address plan after this change");
    expect(diffAddressPlans(undefined, undefined, { stack: "qa", headingLevel: 2 })).toBe("## Address plan changes: `qa`\n\nNo address plan on either side.\n");
  });
});
