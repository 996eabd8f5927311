// Writes ranges.jsonl from node-semver's range fixtures (range-parse.js, range-include.js,
// range-exclude.js): one JSON object per row, {"fixture", "range", "include_prerelease",
// "loose", then "expected" for range-parse.js (null: node-semver rejects the range) or the
// row's "version" for the other two}.
// Usage: node extract_ranges.js > ranges.jsonl   (needs only node; run from this folder)
'use strict'
const fs = require('fs')
const path = require('path')

// The fixtures require node-semver's constants for MAX_SAFE_INTEGER; nothing else.
const fakeRequire = () => ({ MAX_SAFE_INTEGER: Number.MAX_SAFE_INTEGER })
const load = (name) => {
  const module = { exports: null }
  const source = fs.readFileSync(path.join(__dirname, name), 'utf8')
  new Function('module', 'require', source)(module, fakeRequire)
  return module.exports
}

const options = (o) => {
  const opts = typeof o === 'object' && o !== null ? o : { loose: o === true }
  return { include_prerelease: !!opts.includePrerelease, loose: !!opts.loose }
}
for (const [range, expected, o] of load('range-parse.js')) {
  console.log(JSON.stringify({ fixture: 'range-parse', range, expected, ...options(o) }))
}
for (const name of ['range-include', 'range-exclude']) {
  for (const [range, version, o] of load(`${name}.js`)) {
    console.log(JSON.stringify({ fixture: name, range, version, ...options(o) }))
  }
}
