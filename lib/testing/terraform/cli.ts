/**
 * Finding OpenTofu or Terraform: on PATH with a reachable registry, or the
 * offline bundle unpacked by an install script.
 */
import { execFile } from "child_process";
import * as fs from "fs";
import * as https from "https";
import * as path from "path";
import { firstParagraph } from "./diagnostics";

/** A CLI that can run the check. */
export interface TerraformCli {
  /** Absolute path of the binary. */
  readonly binary: string;
  /** CLI configuration to pass as `TF_CLI_CONFIG_FILE` (a provider mirror); undefined: the registry. */
  readonly cliConfigFile?: string;
  /** Where it came from. */
  readonly origin: "path" | "install-script";
}

/** Options of {@link findTerraformCli}. */
export interface FindTerraformOptions {
  /**
   * Binaries looked up on PATH, in order.
   * @default ["tofu", "terraform"]
   */
  readonly candidates?: readonly string[];
  /**
   * The PATH to search.
   * @default `process.env.PATH`
   */
  readonly searchPath?: string;
  /**
   * Timeout of the HTTPS probe of the provider registry, in milliseconds.
   * @default 4000
   */
  readonly probeTimeoutMs?: number;
  /**
   * Registry probed per binary name (a binary found on PATH is used only
   * when its registry answers).
   * @default tofu: registry.opentofu.org, terraform: registry.terraform.io
   */
  readonly registries?: Record<string, string>;
  /**
   * A script that unpacks a CLI and a provider mirror: run as
   * `<installScript> <installDir>`, it prints the binary's path and writes
   * `<installDir>/tofurc`.
   * @default none
   */
  readonly installScript?: string;
  /** Where `installScript` unpacks. Required with `installScript`. @default none */
  readonly installDir?: string;
}

const DEFAULT_REGISTRIES: Record<string, string> = {
  tofu: "https://registry.opentofu.org/.well-known/terraform.json",
  terraform: "https://registry.terraform.io/.well-known/terraform.json",
};

/** Resolves with an empty string when the URL answers, else with the reason. */
function probe(url: string, timeoutMs: number): Promise<string> {
  return new Promise((resolve) => {
    const req = https.get(url, { timeout: timeoutMs }, (res) => {
      res.resume();
      resolve(res.statusCode !== undefined && res.statusCode < 500 ? "" : `HTTP ${res.statusCode}`);
    });
    req.on("timeout", () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on("error", (e) => resolve(e.message));
  });
}

function onPath(name: string, searchPath: string): string | undefined {
  for (const dir of searchPath.split(path.delimiter).filter(Boolean)) {
    const candidate = path.join(dir, name);
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      if (fs.statSync(candidate).isFile()) return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

/**
 * The first of the candidates on PATH whose public provider registry answers
 * (a short HTTPS probe); adds why each other candidate was passed over to `tried`.
 */
async function cliOnPath(options: FindTerraformOptions, tried: string[]): Promise<TerraformCli | undefined> {
  const registries = { ...DEFAULT_REGISTRIES, ...options.registries };
  const timeout = options.probeTimeoutMs ?? 4000;
  for (const name of options.candidates ?? ["tofu", "terraform"]) {
    const binary = onPath(name, options.searchPath ?? process.env.PATH ?? "");
    if (!binary) {
      tried.push(`${name}: not on PATH`);
      continue;
    }
    const url = registries[name] ?? DEFAULT_REGISTRIES.terraform;
    const failure = await probe(url, timeout);
    if (!failure) return { binary, origin: "path" };
    tried.push(`${binary}: its provider registry ${new URL(url).host} is unreachable (${failure})`);
  }
  return undefined;
}

/**
 * The CLI and provider mirror that `script` unpacks into `installDir`, when
 * it prints an existing binary and writes `<installDir>/tofurc`; otherwise
 * adds why not to `tried`.
 */
async function cliFromInstallScript(script: string, installDir: string | undefined, tried: string[]): Promise<TerraformCli | undefined> {
  if (!installDir) throw new Error("findTerraformCli: installDir is required with installScript");
  if (!fs.existsSync(script)) {
    tried.push(`${script}: not found`);
    return undefined;
  }
  // Test workers and parallel checks unpack into the same directory; the script writes
  // temporary files there, so two runs at once corrupt each other's output.
  const result = await withDirectoryLock(`${path.resolve(installDir)}.lock`, 600_000, () => run(script, [installDir], process.cwd(), process.env, 600_000));
  const printed = result.stdout.trim().split("\n").pop() ?? "";
  const cliConfigFile = path.join(path.resolve(installDir), "tofurc");
  if (result.code === 0 && printed && fs.existsSync(printed) && fs.existsSync(cliConfigFile)) {
    return { binary: printed, cliConfigFile, origin: "install-script" };
  }
  tried.push(`${script} ${installDir}: failed (exit ${result.code}): ${firstParagraph(result.stderr || result.stdout)}`);
  return undefined;
}

/** Whether a process with this ID runs (on this machine). */
function processRuns(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

function mtimeMs(file: string): number {
  try {
    return fs.statSync(file).mtimeMs;
  } catch {
    return Date.now();
  }
}

/**
 * Runs `work` while holding `lockDir`, a directory created atomically (across
 * processes) with its owner's process ID inside. A lock whose owner no longer
 * runs (or that never got an owner within 10 s) is taken over; waiting longer
 * than `timeoutMs` rejects.
 */
export async function withDirectoryLock<T>(lockDir: string, timeoutMs: number, work: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  const owner = path.join(lockDir, "pid");
  for (;;) {
    try {
      fs.mkdirSync(lockDir);
      fs.writeFileSync(owner, String(process.pid));
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
    }
    let pid = NaN;
    try {
      pid = Number(fs.readFileSync(owner, "utf8"));
    } catch {
      // Created a moment ago; the owner writes its ID next.
    }
    const abandoned = Number.isInteger(pid) && pid > 0 ? !processRuns(pid) : Date.now() - mtimeMs(lockDir) > 10_000;
    if (abandoned) {
      fs.rmSync(lockDir, { recursive: true, force: true });
      continue;
    }
    if (Date.now() > deadline) throw new Error(`${lockDir}: still held by process ${pid} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  try {
    return await work();
  } finally {
    fs.rmSync(lockDir, { recursive: true, force: true });
  }
}

/** What to install, and what was tried. */
function noCliMessage(tried: readonly string[]): string {
  return [
    "No OpenTofu or Terraform CLI that can load the providers was found.",
    "Install OpenTofu 1.10.10 (https://opentofu.org/docs/intro/install/; CI: opentofu/setup-opentofu with tofu_version 1.10.10) " +
      "or Terraform 1.7 or later, on PATH as `tofu` or `terraform`, on a machine that reaches its registry " +
      "(registry.opentofu.org or registry.terraform.io) to download hashicorp/azurerm 4.55.0 and hashicorp/helm 3.1.1; " +
      "or provide those providers in a filesystem mirror with an install script (installScript/installDir).",
    `Tried: ${tried.join("; ")}.`,
  ].join(" ");
}

/**
 * Finds a CLI for {@link checkSynthesizedStacks}: `tofu` or `terraform` (in
 * the order of `candidates`) from PATH when its public provider registry
 * answers (a short HTTPS probe);
 * otherwise the CLI and provider mirror unpacked by `installScript`;
 * otherwise throws an Error saying what to install.
 */
export async function findTerraformCli(options: FindTerraformOptions = {}): Promise<TerraformCli> {
  const tried: string[] = [];
  const found = (await cliOnPath(options, tried)) ?? (options.installScript ? await cliFromInstallScript(options.installScript, options.installDir, tried) : undefined);
  if (found) return found;
  throw new Error(noCliMessage(tried));
}

/** What a command printed, and its exit code. */
export interface CommandResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a command; resolves with its exit code and output (a spawn error as exit code 1). */
export function run(binary: string, args: string[], cwd: string, env: Record<string, string | undefined>, timeout: number): Promise<CommandResult> {
  return new Promise((resolve) => {
    execFile(binary, args, { cwd, env, timeout, maxBuffer: 256 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === "number" ? error.code : 1) : 0;
      const spawnError = error && typeof error.code === "string" ? `${error.message}\n` : "";
      resolve({ code, stdout: String(stdout), stderr: spawnError + String(stderr) });
    });
  });
}
