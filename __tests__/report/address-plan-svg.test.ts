/**
 * The address-plan SVG's structure, without a browser: one labelled group per
 * range, unknown ranges hatched and said to be known at apply time, the DNS
 * service IP marked, overlaps flagged, text escaped, output deterministic.
 */
import type { AddressPlanView } from "../../lib/report/address-plan/view";
import { escapeXml, renderAddressPlanSvg } from "../../lib/report/address-plan/svg";
import { adoptedSubnetFixture, conflictingFixture, denseFixture, devFixture, prodFixture, prodWithConnectedFixture } from "./fixtures";

/** The `<g class="range" ...>` groups, with their attributes and inner markup. */
function rangeGroups(svg: string): { attrs: Record<string, string>; body: string }[] {
  return [...svg.matchAll(/<g class="range"([^>]*)>([\s\S]*?)<\/g>/g)].map((m) => ({
    attrs: Object.fromEntries([...m[1]!.matchAll(/([\w-]+)="([^"]*)"/g)].map((a) => [a[1]!, a[2]!])),
    body: m[2]!,
  }));
}

/** Text content of the elements of a class, tags stripped and entities decoded. */
function texts(markup: string, cls: string): string[] {
  const decode = (s: string) => s.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, "&");
  return [...markup.matchAll(new RegExp(`<text class="${cls}"[^>]*>([\\s\\S]*?)</text>`, "g"))].map((m) => decode(m[1]!.replace(/<[^>]+>/g, "")));
}

const ALL: [string, AddressPlanView][] = [
  ["prod", prodFixture],
  ["dev", devFixture],
  ["adopted", adoptedSubnetFixture],
  ["connected", prodWithConnectedFixture],
  ["conflicts", conflictingFixture],
  ["dense", denseFixture()],
];

describe("renderAddressPlanSvg", () => {
  test.each(ALL)("%s: one group per range, each with a bar and a label naming its CIDR and name", (_name, view) => {
    const svg = renderAddressPlanSvg(view);
    const groups = rangeGroups(svg);
    expect(groups.map((g) => Number(g.attrs["data-index"]))).toEqual(view.ranges.map((_, i) => i));
    groups.forEach((g, i) => {
      const r = view.ranges[i]!;
      expect(g.attrs["data-kind"]).toBe(r.kind);
      expect(g.body).toMatch(/<rect class="bar" /);
      const [label] = texts(g.body, "range-label");
      expect(label).toContain(r.label);
      expect(label).toContain(r.cidr ?? "known at apply time");
    });
  });

  test.each(ALL)("%s: a standalone, deterministic SVG document with generic fonts and unique ids", (_name, view) => {
    const svg = renderAddressPlanSvg(view);
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" width="(\d+)" height="(\d+)" viewBox="0 0 \1 \2"/);
    expect(svg.endsWith("</svg>\n")).toBe(true);
    expect(renderAddressPlanSvg(JSON.parse(JSON.stringify(view)))).toBe(svg);
    const families = new Set([...svg.matchAll(/font-family="([^"]*)"/g)].map((m) => m[1]));
    expect([...families].sort()).toEqual(["monospace", "sans-serif"]);
    const ids = [...svg.matchAll(/\sid="([^"]*)"/g)].map((m) => m[1]);
    expect(new Set(ids).size).toBe(ids.length);
    // No external references: fonts, images and scripts would not load in an <img> anyway.
    expect(svg).not.toMatch(/<script|<image|href=|@import|url\((?!#)/);
  });

  test("unknown ranges are hatched, in the 'at apply time' row, and labelled as known at apply time", () => {
    const svg = renderAddressPlanSvg(adoptedSubnetFixture);
    const unknown = rangeGroups(svg).filter((g) => g.attrs["data-placement"] === "unknown");
    expect(unknown.map((g) => g.attrs["data-kind"])).toEqual(["nodeSubnet"]);
    expect(unknown[0]!.attrs["data-cidr"]).toBe("");
    expect(unknown[0]!.body).toMatch(/<rect class="bar" [^>]*fill="url\(#ap-prod-adopted-hatch\)"/);
    expect(texts(unknown[0]!.body, "range-label")[0]).toBe("known at apply timeNode subnet: (adopted)");
    expect(svg).toContain(">at apply time</text>");
    expect(texts(svg, "verdict")[0]).toBe(
      "No overlaps; 1 range known only at apply time, not checked; no connected networks declared, so peered and on-premises ranges are not checked",
    );
    // The declared VNet space is still drawn on the axis.
    expect(rangeGroups(svg).find((g) => g.attrs["data-kind"] === "vnet")!.attrs["data-placement"]).toBe("axis");
  });

  test("dev: the VNet AKS creates is drawn as unknown, never guessed; its node subnet, AKS's 10.224.0.0/16, on the axis", () => {
    const groups = rangeGroups(renderAddressPlanSvg(devFixture));
    expect(groups.find((g) => g.attrs["data-kind"] === "vnet")!.attrs["data-placement"]).toBe("unknown");
    expect(groups.find((g) => g.attrs["data-kind"] === "nodeSubnet")!.attrs["data-placement"]).toBe("axis");
    expect(renderAddressPlanSvg(devFixture)).not.toContain("10.224.0.0/12");
  });

  test("the DNS service IP is marked in the service column and labelled", () => {
    const svg = renderAddressPlanSvg(prodFixture);
    expect(svg).toMatch(/<g class="dns" data-address="10\.0\.0\.10">/);
    expect(svg).toMatch(/<path class="dns-marker" /);
    expect(texts(svg, "dns-label")).toEqual(["10.0.0.10DNS service IP"]);
    const outside = renderAddressPlanSvg({ ...prodFixture, dnsServiceIp: { address: "10.1.0.10", path: "network.dnsServiceIp", defaulted: false } });
    expect(outside).toMatch(/<g class="dns" data-address="10\.1\.0\.10" data-outside="true">/);
    expect(texts(outside, "dns-label")).toEqual(["10.1.0.10DNS service IP", "outside the service range"]);
  });

  test("overlaps are flagged on both ranges, banded, and named under each label", () => {
    const svg = renderAddressPlanSvg(conflictingFixture);
    const flagged = (severity: string) =>
      rangeGroups(svg)
        .filter((g) => g.attrs["data-overlap"] === severity)
        .map((g) => conflictingFixture.ranges[Number(g.attrs["data-index"])]!.cidr);
    // Red where Azure refuses the overlap (the pod range on AKS's reserved ranges), yellow where it tolerates it (warnings).
    expect(flagged("error")).toEqual(["172.16.0.0/12", "172.30.0.0/16", "172.31.0.0/16"]);
    expect(flagged("warning")).toEqual(["10.0.0.0/8", "10.0.0.0/16", "172.20.0.0/16"]);
    expect(svg.match(/<rect class="overlap" /g)).toHaveLength(2);
    expect(svg.match(/<rect class="overlap tolerated" /g)).toHaveLength(2);
    expect(texts(svg, "range-label")).toContain("overlaps 10.0.0.0/16 Service range: ClusterIPs (SVC-02, tolerated)");
    expect(texts(svg, "range-label")).toContain("overlaps 172.16.0.0/12 Pod range: CNI pool (RES-02)");
    expect(texts(svg, "verdict")[0]).toBe("2 overlaps Azure refuses (red bands); 2 overlaps Azure tolerates (yellow bands)");
    const tolerated = renderAddressPlanSvg({ ...conflictingFixture, ranges: conflictingFixture.ranges.filter((r) => r.kind !== "pod") });
    expect(texts(tolerated, "verdict")[0]).toBe("1 overlap Azure tolerates (yellow bands)");
    // A subnet inside its VNet is the design, not an overlap.
    expect(rangeGroups(renderAddressPlanSvg(prodFixture)).some((g) => g.attrs["data-overlap"])).toBe(false);
    expect(texts(renderAddressPlanSvg(prodWithConnectedFixture), "verdict")[0]).toBe("No overlaps");
  });

  test("API defaults are dashed and say so", () => {
    const service = rangeGroups(renderAddressPlanSvg(devFixture)).find((g) => g.attrs["data-kind"] === "service")!;
    expect(service.attrs["data-defaulted"]).toBe("true");
    expect(service.body).toMatch(/<rect class="bar" [^>]*stroke-dasharray=/);
    expect(texts(service.body, "range-label")[0]).toBe("10.0.0.0/16Service range: ClusterIPs(API default)");
  });

  test("text from the config is escaped", () => {
    const svg = renderAddressPlanSvg(denseFixture());
    expect(svg).toContain("snet-&lt;adopted&gt; &amp; &quot;friends&quot;");
    expect(svg).not.toContain("<adopted>");
    const hostile = renderAddressPlanSvg({ ...prodFixture, stack: `x"><script>alert(1)</script>` });
    expect(hostile).not.toContain("<script>");
    expect(hostile).toContain('id="ap-x___script_alert_1___script_-hatch"');
    expect(escapeXml(`<a href='x'>&</a>`)).toBe("&lt;a href=&#39;x&#39;&gt;&amp;&lt;/a&gt;");
  });

  test("IPv6 and invalid ranges get rows of their own instead of a place on the IPv4 axis", () => {
    const svg = renderAddressPlanSvg({
      ...prodFixture,
      ranges: [...prodFixture.ranges, { kind: "otherSubnet", label: "typo", cidr: "10.1.2.3/16", path: "network.vnet.otherSubnets[0].addressPrefixes[0]", defaulted: false }],
    });
    const typo = rangeGroups(svg).find((g) => g.attrs["data-kind"] === "otherSubnet")!;
    expect(typo.attrs["data-placement"]).toBe("invalid");
    expect(texts(typo.body, "range-label")[1]).toMatch(/^not a valid CIDR: .*host bits set/);
    const dense = rangeGroups(renderAddressPlanSvg(denseFixture()));
    expect(dense.filter((g) => g.attrs["data-placement"] === "ipv6").map((g) => g.attrs["data-cidr"])).toEqual(["fd00:10::/48", "fd00:10::/64"]);
  });

  test("an empty plan, or a DNS IP that is not an address, still renders", () => {
    const empty = renderAddressPlanSvg({ version: 1, stack: "empty", ranges: [], dnsServiceIp: undefined, capacity: [] });
    expect(rangeGroups(empty)).toEqual([]);
    expect(texts(empty, "verdict")[0]).toMatch(/^No overlaps/);
    const bad = renderAddressPlanSvg({ ...prodFixture, dnsServiceIp: { address: "10.0.0.300", path: "network.dnsServiceIp", defaulted: false } });
    expect(texts(bad, "dns-label")).toEqual(["10.0.0.300DNS service IP", "not an IPv4 address"]);
    expect(bad).toContain(">invalid</text>");
  });

  test("a /32 next to a /4 keeps a visible bar, and larger ranges get taller rows", () => {
    const svg = renderAddressPlanSvg(prodFixture);
    const heightOf = (cidr: string) => {
      const g = rangeGroups(svg).find((x) => x.attrs["data-cidr"] === cidr)!;
      return Number(/<rect class="bar" [^>]*height="([\d.]+)"/.exec(g.body)![1]);
    };
    expect(heightOf("168.63.129.16/32")).toBeGreaterThanOrEqual(14);
    expect(heightOf("192.0.2.0/24")).toBeGreaterThan(heightOf("168.63.129.16/32"));
    expect(heightOf("172.30.0.0/16")).toBeGreaterThan(heightOf("192.0.2.0/24"));
    expect(heightOf("127.0.0.0/8")).toBeGreaterThan(heightOf("172.30.0.0/16"));
    expect(heightOf("224.0.0.0/4")).toBeGreaterThan(heightOf("127.0.0.0/8"));
  });
});
