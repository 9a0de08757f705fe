/**
 * The app: synthesizes one stack per file in `config/` (or `$AKS_CONFIG_DIR`).
 * Run by `cdktf synth` / `cdktf deploy` through cdktf.json, or on its own
 * with `CDKTF_OUTDIR=cdktf.out node dist/app.js` (this file, bundled by
 * scripts/bundle-app.js).
 */
import { runApp } from "./lib/app/run";

try {
  process.exitCode = runApp();
} catch (e) {
  // User errors are reported by runApp as lines; anything thrown here is a bug.
  process.stderr.write(`internal error: ${(e as Error).stack ?? String(e)}\n`);
  process.exitCode = 2;
}
