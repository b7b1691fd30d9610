#!/usr/bin/env node
// Compiles every .sol file under a source folder with the pinned solc (standard-JSON input) and
// writes, for each deployable contract, <Name>.abi and <Name>.bin, plus build-info.json (compiler,
// settings, bytecode sizes). Exits non-zero with file:line:column messages on any error.
'use strict';
const fs = require('fs');
const path = require('path');

const [srcDir, outDir, nodeModules] = process.argv.slice(2);
if (!srcDir || !outDir || !nodeModules) {
  console.error('usage: compile.cjs SOURCE_DIR OUT_DIR NODE_MODULES_DIR');
  process.exit(2);
}
let solc;
try {
  solc = require(path.join(path.resolve(nodeModules), 'solc'));
} catch (e) {
  console.error(`solc not found under ${nodeModules}: run "npm ci" at the repository root first (${e.message})`);
  process.exit(2);
}

const SETTINGS = {
  optimizer: { enabled: true, runs: 200 },
  viaIR: true, // smaller code (deployment gas is 200 per byte) and fewer stack-too-deep limits
  evmVersion: 'cancun',
  outputSelection: { '*': { '*': ['abi', 'evm.bytecode.object', 'evm.deployedBytecode.object'] } },
};

const sources = {};
for (const f of fs.readdirSync(srcDir).filter((n) => n.endsWith('.sol')).sort()) {
  sources[f] = { content: fs.readFileSync(path.join(srcDir, f), 'utf8') };
}
if (Object.keys(sources).length === 0) {
  console.error(`no .sol files in ${srcDir}`);
  process.exit(2);
}

function findImports(importPath) {
  const candidates = [path.join(srcDir, importPath), path.join(nodeModules, importPath)];
  for (const c of candidates) {
    if (fs.existsSync(c)) return { contents: fs.readFileSync(c, 'utf8') };
  }
  return { error: `import not found: ${importPath} (looked in ${candidates.join(', ')})` };
}

const input = { language: 'Solidity', sources, settings: SETTINGS };
const output = JSON.parse(solc.compile(JSON.stringify(input), { import: findImports }));
const problems = output.errors || [];
for (const p of problems) {
  const where = p.sourceLocation ? `${p.sourceLocation.file}:${lineOf(p.sourceLocation)}: ` : '';
  console.error(`${p.severity}: ${where}${p.message}`);
}
if (problems.some((p) => p.severity === 'error')) process.exit(1);

function lineOf(loc) {
  const src = sources[loc.file] ? sources[loc.file].content : findImports(loc.file).contents || '';
  const before = src.slice(0, Math.max(0, loc.start));
  const line = before.split('\n').length;
  const column = before.length - before.lastIndexOf('\n');
  return `${line}:${column}`;
}

fs.mkdirSync(outDir, { recursive: true });
const info = { compiler: solc.version(), settings: SETTINGS, contracts: {} };
for (const file of Object.keys(sources)) {
  for (const [name, c] of Object.entries(output.contracts[file] || {})) {
    const bin = c.evm.bytecode.object;
    // Interfaces and abstract contracts have no bytecode; internal-only libraries have an empty ABI.
    if (!bin || c.abi.length === 0) continue;
    fs.writeFileSync(path.join(outDir, `${name}.abi`), JSON.stringify(c.abi));
    fs.writeFileSync(path.join(outDir, `${name}.bin`), bin);
    info.contracts[name] = {
      source: file,
      initcodeBytes: bin.length / 2,
      runtimeBytes: c.evm.deployedBytecode.object.length / 2,
    };
  }
}
fs.writeFileSync(path.join(outDir, 'build-info.json'), JSON.stringify(info, null, 2));
for (const [name, c] of Object.entries(info.contracts)) {
  console.log(`compiled ${name}: ${c.runtimeBytes} bytes runtime (EIP-170 limit 24576)`);
}
