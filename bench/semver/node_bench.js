// node-semver throughput on the same workload: node node_bench.js SEMVER_DIR C.txt V.txt [N]
const [semverDir, cFile, vFile, nArg] = process.argv.slice(2);
const semver = require(semverDir);
const fs = require('fs');
const cs = fs.readFileSync(cFile, 'utf8').split('\n').filter((l, i, a) => i < a.length - 1);
const vs = fs.readFileSync(vFile, 'utf8').split('\n').filter((l, i, a) => i < a.length - 1);
const n = Number(nArg || 1000000);
const ranges = cs.map(c => new semver.Range(c));
let hits = 0;
let t = process.hrtime.bigint();
for (let i = 0; i < n; i++) {
  if (ranges[i % ranges.length].test(vs[(i * 7919) % vs.length])) hits++;
}
const t1 = Number(process.hrtime.bigint() - t) / 1e9;
// Strings per check are slow everywhere: a tenth of the checks, as bench_semver does.
const n2 = Math.floor(n / 10);
let hits2 = 0;
t = process.hrtime.bigint();
for (let i = 0; i < n2; i++) {
  if (semver.satisfies(vs[(i * 7919) % vs.length], cs[i % cs.length])) hits2++;
}
const t2 = Number(process.hrtime.bigint() - t) / 1e9;
console.log(JSON.stringify({impl: 'node-semver', checks: n, matches: hits,
  parsed_range_per_s: Math.round(n / t1), strings_per_s: Math.round(n2 / t2)}));
