// node-semver throughput on the same workload: node node_bench.js SEMVER_DIR C.txt V.txt [N]
const [semverDir, cFile, vFile, nArg] = process.argv.slice(2);
const semver = require(semverDir);
const fs = require('fs');
const cs = fs.readFileSync(cFile, 'utf8').split('\n').filter((l, i, a) => i < a.length - 1);
const vs = fs.readFileSync(vFile, 'utf8').split('\n').filter((l, i, a) => i < a.length - 1);
const n = Number(nArg || 1000000);
const ranges = cs.map(c => new semver.Range(c));
let hits = 0;
// CPU time of the process (all threads), as the C++ and Python benches measure.
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1e6; };
// Pair i is (constraint i mod C, version 7919*i mod V), stepped without divisions.
const step = 7919 % vs.length;
let ci = 0;
let vi = 0;
let t = cpu();
for (let i = 0; i < n; i++) {
  if (ranges[ci].test(vs[vi])) hits++;
  ci = ci + 1 === ranges.length ? 0 : ci + 1;
  vi += step;
  if (vi >= vs.length) vi -= vs.length;
}
const t1 = cpu() - t;
// Strings per check are slow everywhere: a tenth of the checks, as bench_semver does.
const n2 = Math.floor(n / 10);
let hits2 = 0;
t = cpu();
for (let i = 0; i < n2; i++) {
  if (semver.satisfies(vs[(i * 7919) % vs.length], cs[i % cs.length])) hits2++;
}
const t2 = cpu() - t;
console.log(JSON.stringify({impl: 'node-semver', checks: n, matches: hits,
  parsed_range_per_s: Math.round(n / t1), strings_per_s: Math.round(n2 / t2)}));
