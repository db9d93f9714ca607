// Runs docs/javascripts/search.js under Node over a built index folder, for the Python tests.
// Usage: node run_engine.js <search.js> <index dir> <requests.json>; prints results as JSON.
"use strict";
const fs = require("fs");
const path = require("path");
const vm = require("vm");

const [engineFile, indexDir, requestFile] = process.argv.slice(2);
const api = require(path.resolve(engineFile));

function load(name) {
  // Each index file is a script calling kbSearch.load(name, data), as the browser runs it.
  let result;
  const sandbox = { kbSearch: { load: (_, data) => { result = data; } } };
  vm.runInNewContext(fs.readFileSync(path.join(indexDir, name + ".js"), "utf8"), sandbox);
  return Promise.resolve(result);
}

async function answer(request) {
  if (request.terms !== undefined) return api.queryTerms(request.terms);
  if (request.normalize !== undefined) return api.normalize(request.normalize);
  if (request.crc32 !== undefined) return api.crc32(request.crc32);
  if (request.path !== undefined) return api.markedPath(request.path, api.parseQuery(request.query));
  const engine = new api.Engine(load);
  const result = await engine.search(request.query, request.filters || {});
  const page = await engine.page(result, 0, result.ranked.length + 1);
  return {
    total: result.total,
    exact: result.exact,
    rejected: page.rejected,
    counts: result.counts,
    pages: result.pages.map((p) => [p[0], p[1]]),
    hits: page.items.map((item) => ({ url: item.url, id: item.id, rest: item.rest, byHeading: item.byHeading, table: item.table, kind: item.kind, headings: item.headings, text: item.text, snippet: api.snippet(item.text, result.words) })),
  };
}

(async () => {
  const requests = JSON.parse(fs.readFileSync(requestFile, "utf8"));
  const out = [];
  for (const request of requests) out.push(await answer(request));
  process.stdout.write(JSON.stringify(out));
})().catch((error) => { console.error(error); process.exit(1); });
