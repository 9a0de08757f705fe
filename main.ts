/**
 * The app: synthesizes one stack per file in `config/` (or `$AKS_CONFIG_DIR`).
 * Run by `cdktf synth` / `cdktf deploy` through cdktf.json, or on its own
 * with `CDKTF_OUTDIR=cdktf.out node dist/app.js` (this file, bundled by
 * scripts/bundle-app.js).
 */
import { firstLine, runApp, verboseRequested } from "./lib/app/run";

try {
  process.exitCode = runApp();
} catch (e) {
  // User errors are reported by runApp as lines; anything thrown here is a bug, its trace for whoever debugs it.
  const detail = verboseRequested() ? ((e as Error).stack ?? String(e)) : `${firstLine(e)} (AKS_BYOCNI_VERBOSE=1 prints the stack trace)`;
  process.stderr.write(`internal error: ${detail}\n`);
  process.exitCode = 2;
}
