#!/usr/bin/env node
// The built CLI lives in dist/ (built by `npm install` through the prepare script).
import "../dist/src/cli/main.js";
