#!/usr/bin/env node
/** `node bench/doc.js`: rewrites docs/performance.md from bench/results.json (see bench/lib/doc.js). */
"use strict";
const fs = require("fs");
const path = require("path");
const { performanceDoc } = require("./lib/doc");

const ROOT = path.resolve(__dirname, "..");
const results = JSON.parse(fs.readFileSync(path.join(ROOT, "bench", "results.json"), "utf8"));
fs.writeFileSync(path.join(ROOT, "docs", "performance.md"), performanceDoc(results));
