#!/usr/bin/env node
/**
 * Prints the Markdown before/after table of two address-plan.json files, for
 * the pull-request comment:
 *
 *   node scripts/address-plan-diff.js <before.json> <after.json> [--with-plan] [--picture-url <url>]
 *
 * A missing or unreadable <before.json> (a new environment, or a base branch
 * from before address plans) is reported in the output, not as a failure.
 * --with-plan appends the full plan of <after.json> in a collapsed section;
 * --picture-url links its picture (a comment cannot show a workflow artifact).
 * Uses the compiled renderers: run `npm run build` first.
 */
"use strict";
const fs = require("fs");
const path = require("path");

const DIST = path.join(__dirname, "..", "dist", "lib", "report", "address-plan");

function usage(message) {
  if (message) console.error(message);
  console.error("usage: node scripts/address-plan-diff.js <before.json> <after.json> [--with-plan] [--picture-url <url>]");
  process.exit(2);
}

function load(file, reader) {
  let text;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (e) {
    if (e.code === "ENOENT") return { missing: true };
    return { error: `${file}: ${e.message}` };
  }
  try {
    return { view: reader(JSON.parse(text)) };
  } catch (e) {
    return { error: `${file}: ${e.message}` };
  }
}

function main() {
  const args = process.argv.slice(2);
  const files = [];
  let withPlan = false;
  let pictureUrl;
  for (let i = 0; i < args.length; i++) {
    if (args[i] === "--with-plan") withPlan = true;
    else if (args[i] === "--picture-url") {
      pictureUrl = args[++i];
      if (!pictureUrl) usage("--picture-url needs a URL");
    } else if (args[i].startsWith("--")) usage(`unknown option ${args[i]}`);
    else files.push(args[i]);
  }
  if (files.length !== 2) usage();
  let md;
  let view;
  try {
    md = require(path.join(DIST, "markdown.js"));
    view = require(path.join(DIST, "view.js"));
  } catch (e) {
    console.error(`cannot load the compiled renderers from ${path.relative(process.cwd(), DIST) || DIST}: run npm run build first (${e.message})`);
    process.exit(1);
  }
  const [beforeFile, afterFile] = files;
  const before = load(beforeFile, view.readAddressPlanView);
  const after = load(afterFile, view.readAddressPlanView);
  if (after.error || after.missing) {
    console.error(after.error || `${afterFile}: no such file (did synth write the address plan?)`);
    process.exit(1);
  }
  // The environment's directory name, for the heading when a side is missing.
  const stack = path.basename(path.dirname(path.resolve(afterFile)));
  let out = md.diffAddressPlans(before.view, after.view, { stack });
  if (before.error) out += `\nThe base branch's address plan could not be read, so nothing is compared: ${before.error}\n`;
  if (withPlan) {
    const picture = pictureUrl ? { href: pictureUrl, inline: false, text: "address-plan.svg (in the workflow run's artifact)" } : false;
    out += `\n<details><summary>Full address plan</summary>\n\n${md.renderAddressPlanMarkdown(after.view, { picture, headingLevel: 4 })}\n</details>\n`;
  }
  process.stdout.write(out);
}

main();
