// rembg-batch.js — the baseline client: the official Node wrapper, 4 requests at a time
//
// Copyright 2026 The Cutout developers
//
// SPDX-License-Identifier: GPL-3.0-or-later
//
// Usage: node rembg-batch.js BASE_URL OUT_DIR FILE…  (key in REMBG_API_KEY)
// @remove-background-ai/rembg.js 1.3.1 hard-codes https://api.rembg.com/rmbg,
// so this shim rewrites that prefix in an axios request interceptor (the
// wrapper calls the same axios module instance) to reach the fake server.
'use strict';
const fs = require('fs');
const path = require('path');
const axios = require('axios');
const { rembg } = require('@remove-background-ai/rembg.js');

const [base, outDir, ...files] = process.argv.slice(2);
const apiKey = process.env.REMBG_API_KEY;
const official = 'https://api.rembg.com';

axios.interceptors.request.use((config) => {
  if (config.url.startsWith(official))
    config.url = base + config.url.slice(official.length);
  return config;
});

const quiet = () => {};
let next = 0;
let failed = 0;

async function worker() {
  while (next < files.length) {
    const file = files[next++];
    try {
      const { outputImagePath, cleanup } = await rembg({
        apiKey, inputImage: file, options: { format: 'webp' },
        onUploadProgress: quiet, onDownloadProgress: quiet,
      });
      // The wrapper writes into a temp file; keep the answer like the others do.
      fs.copyFileSync(outputImagePath, path.join(outDir, path.basename(file) + '.webp'));
      await cleanup();
    } catch (e) {
      failed++;
      console.error(`${file}: ${e.message}`);
    }
  }
}

Promise.all([worker(), worker(), worker(), worker()]).then(() => {
  process.exitCode = failed ? 1 : 0;
});
