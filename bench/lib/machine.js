/** What the numbers were measured on, for results.json. */
"use strict";
const os = require("os");
const fs = require("fs");
const { spawnSync } = require("child_process");

function version(cmd, args) {
  const r = spawnSync(cmd, args, { encoding: "utf8" });
  return r.status === 0 ? r.stdout.trim().split("\n")[0] : null;
}

function machineInfo(root) {
  const cpus = os.cpus();
  let osName = `${os.type()} ${os.release()}`;
  try {
    const m = /^PRETTY_NAME="?([^"\n]+)"?/m.exec(fs.readFileSync("/etc/os-release", "utf8"));
    if (m) osName = `${m[1]} (${os.type()} ${os.release()})`;
  } catch {
    // not Linux: keep os.type()
  }
  const pkg = (name) => {
    try {
      return JSON.parse(fs.readFileSync(`${root}/node_modules/${name}/package.json`, "utf8")).version;
    } catch {
      return null;
    }
  };
  return {
    date: new Date().toISOString(),
    cpuModel: cpus[0] ? cpus[0].model.trim() : "unknown",
    cores: cpus.length,
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    os: osName,
    node: process.version,
    npm: version("npm", ["--version"]),
    hyperfine: version("hyperfine", ["--version"]),
    cdktf: pkg("cdktf"),
    cdktfCli: pkg("cdktf-cli"),
    providerAzurerm: pkg("@cdktf/provider-azurerm"),
    loadAverageAtStart: os.loadavg().map((l) => Math.round(l * 100) / 100),
  };
}

module.exports = { machineInfo };
