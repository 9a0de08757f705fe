/**
 * A stack that throws while it is built (a bug, not a config problem) is one
 * line for that stack: the other environments are still validated, nothing
 * is written, and the stack trace is printed only when asked for.
 */
import * as fs from "fs";
import { dump as stringify } from "js-yaml";
import { runApp } from "../../lib/app/run";
import { formatLine, type ReportLine } from "../../lib/app/synth";
import { configDirWith, seedConfig, tempDir, withField } from "../support";

jest.mock("../../lib/plan/environment", () => {
  const actual = jest.requireActual("../../lib/plan/environment");
  return {
    ...actual,
    environmentInputs: (config: { location: string }) => {
      if (config.location === "westus3") throw new Error("a bug\nits second line");
      return actual.environmentInputs(config);
    },
  };
});

function run(verbose: boolean) {
  const dir = configDirWith({
    "broken.yaml": stringify(withField(seedConfig(), "location", "westus3")),
    "reserved.yaml": stringify(withField(seedConfig(), "network.podCidr", "172.16.0.0/12")),
  });
  const outdir = tempDir("aks-internal-out-");
  const lines: ReportLine[] = [];
  const code = runApp({ configDir: dir, outdir, verbose, print: (l) => lines.push(l) });
  const written = fs.readdirSync(outdir);
  fs.rmSync(outdir, { recursive: true, force: true });
  fs.rmSync(dir, { recursive: true, force: true });
  return { code, written, lines };
}

test("one line for the stack that throws, every problem of the others, exit 2, nothing written", () => {
  const { code, written, lines } = run(false);
  expect(code).toBe(2);
  expect(written).toEqual([]);
  expect(lines.filter((l) => l.level === "error").map(formatLine)).toEqual([
    "broken: internal error: building the stack failed: Error: a bug; the environment's other problems are not known (AKS_BYOCNI_VERBOSE=1 prints the stack trace)",
    expect.stringMatching(/^reserved: network\.podCidr: .*\[RES-02\]$/),
  ]);
  expect(lines.map(formatLine).join("\n")).not.toMatch(/\n\s+at |second line/);
});

test("verbose: the stack trace follows, one note line per line of it", () => {
  const { code, lines } = run(true);
  expect(code).toBe(2);
  const trace = lines.filter((l) => l.level === "note" && l.message.startsWith("trace: ")).map(formatLine);
  expect(trace[0]).toBe("broken: note: trace: Error: a bug");
  expect(trace).toContainEqual(expect.stringMatching(/^broken: note: trace:\s+at /));
});
