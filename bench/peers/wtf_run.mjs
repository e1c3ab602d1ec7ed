// The peer of the benchmark (python -m bench --only peers): wtf_wikipedia over the same .wiki files as the
// library loop, doing the comparable work: parse, sentences, infoboxes and the .json() of every article.
// Usage: node wtf_run.mjs FILE.wiki ...; prints one JSON line with counts and this loop's CPU seconds.
import fs from 'node:fs'
import wtf from 'wtf_wikipedia'

const files = process.argv.slice(2)
const start = process.cpuUsage()
let bytes = 0
let sections = 0
let sentences = 0
let infoboxes = 0
for (const file of files) {
  const text = fs.readFileSync(file, 'utf8')
  bytes += Buffer.byteLength(text)
  const json = wtf(text).json({ sentences: true, infoboxes: true, categories: true })
  sections += (json.sections || []).length
  for (const section of json.sections || []) {
    sentences += (section.sentences || []).length
  }
  infoboxes += (json.infoboxes || []).length
}
const used = process.cpuUsage(start)
console.log(JSON.stringify({
  files: files.length, bytes, sections, sentences, infoboxes,
  loop_cpu_s: (used.user + used.system) / 1e6,
  wtf_version: wtf.version, node_version: process.version,
}))
