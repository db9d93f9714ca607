/*
 * Passage search over the sharded index that kb/site/searchindex.py writes to search/.
 *
 * The page loads search/meta.js once, then, per query, the term shards t/<n>.js holding the
 * query's terms and the document chunks d/<n>.js of the results it shows. Every file is a
 * script calling kbSearch.load(name, data), so search works over HTTP and from file://.
 *
 * A query is split exactly as the index was built (see the Python module): words at spaces;
 * in each word, Han runs give their character bigrams and ASCII letter-digit runs are whole
 * terms. A passage matches a word when it holds all of the word's terms; the index may hold a
 * few passages with the bigrams but not the word, so every passage is checked against its text
 * before it is shown. Ranking: passages with the whole query, then with every word, then the
 * rest; within one, passages holding a 提法 whole, then shorter ones, then reading order.
 *
 * Also a CommonJS module (no DOM needed), so tests can run the same engine under Node.
 */
(function (root) {
  "use strict";

  var HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff";
  var TOKEN = new RegExp("[" + HAN + "]+|[0-9a-z]+", "g");
  var HAN_RUN = new RegExp("^[" + HAN + "]+$");
  var WORD_MIN_CHARS = 3;
  var PAGE_SIZE = 20;
  var SNIPPET_CHARS = 48;

  /* ------------------------------------------------------------ query terms */

  /** Full-width letters and digits folded to ASCII, ASCII lowercased; one char stays one char. */
  function normalize(text) {
    return text.replace(/[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]/g, function (c) {
      return String.fromCharCode(c.charCodeAt(0) - 0xfee0);
    }).replace(/[A-Z]/g, function (c) { return c.toLowerCase(); });
  }

  function bigrams(run) {
    var out = [];
    for (var i = 0; i + 1 < run.length; i++) out.push(run.slice(i, i + 2));
    return out;
  }

  function unique(list) {
    var seen = {}, out = [];
    list.forEach(function (x) { if (!seen[x]) { seen[x] = true; out.push(x); } });
    return out;
  }

  /** The query's words: each with its tokens (checked in the text) and index terms (looked up). */
  function parseQuery(query) {
    var words = [];
    normalize(query).split(/\s+/).forEach(function (raw) {
      var tokens = raw.match(TOKEN) || [];
      var terms = [];
      tokens.forEach(function (t) {
        if (HAN_RUN.test(t)) terms = terms.concat(bigrams(t));
        else terms.push(t);
      });
      if (!terms.length) return; // punctuation, or a single Han character: no term to look up
      var whole = tokens.length === 1 && HAN_RUN.test(tokens[0]) && tokens[0].length >= WORD_MIN_CHARS ? tokens[0] : null;
      words.push({ tokens: tokens, terms: unique(terms), whole: whole });
    });
    return words;
  }

  /** The terms the browser looks up for a query (for tests: they must be index terms). */
  function queryTerms(query) {
    var terms = [];
    parseQuery(query).forEach(function (w) { terms = terms.concat(w.terms); if (w.whole) terms.push(w.whole); });
    return unique(terms);
  }

  /* ------------------------------------------------------------ postings */

  var CRC_TABLE = (function () {
    var table = new Int32Array(256);
    for (var n = 0; n < 256; n++) {
      var c = n;
      for (var k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      table[n] = c;
    }
    return table;
  })();

  function utf8(text) {
    return unescape(encodeURIComponent(text)); // one char per byte
  }

  /** CRC-32 of the term's UTF-8, as Python's zlib.crc32: the shard a term lives in. */
  function crc32(text) {
    var bytes = utf8(text), crc = -1;
    for (var i = 0; i < bytes.length; i++) crc = CRC_TABLE[(crc ^ bytes.charCodeAt(i)) & 0xff] ^ (crc >>> 8);
    return (crc ^ -1) >>> 0;
  }

  function base64Bytes(text) {
    var binary = typeof atob === "function" ? atob(text) : Buffer.from(text, "base64").toString("binary");
    var bytes = new Uint8Array(binary.length);
    for (var i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    return bytes;
  }

  function emptySet(count) { return new Uint32Array((count + 31) >>> 5); }

  /** An encoded posting list ("b" bitmap or "v" LEB128 gaps, base64) as a bit set. */
  function decodePostings(encoded, count) {
    var set = emptySet(count), bytes = base64Bytes(encoded.slice(1)), i;
    if (encoded[0] === "b") {
      for (i = 0; i < bytes.length; i++) set[i >>> 2] |= bytes[i] << ((i & 3) * 8);
      return set;
    }
    var value = 0, shift = 0, previous = -1;
    for (i = 0; i < bytes.length; i++) {
      value += (bytes[i] & 0x7f) * Math.pow(2, shift);
      shift += 7;
      if (!(bytes[i] & 0x80)) {
        previous += value + 1;
        set[previous >>> 5] |= 1 << (previous & 31);
        value = 0; shift = 0;
      }
    }
    return set;
  }

  function and(a, b) { var out = new Uint32Array(a.length); for (var i = 0; i < a.length; i++) out[i] = a[i] & b[i]; return out; }
  function or(a, b) { var out = new Uint32Array(a.length); for (var i = 0; i < a.length; i++) out[i] = a[i] | b[i]; return out; }
  function has(set, n) { return (set[n >>> 5] >>> (n & 31)) & 1; }

  function forEachMember(set, visit) {
    for (var i = 0; i < set.length; i++) {
      var word = set[i];
      while (word) {
        var bit = 31 - Math.clz32(word & -word);
        visit(i * 32 + bit);
        word &= word - 1;
      }
    }
  }

  /* ------------------------------------------------------------ engine */

  var FACETS = ["type", "year", "place", "kind", "theme"];

  /** The search over one index; ``load(name)`` returns a promise of a file's data. */
  function Engine(load) {
    this.load = load;
    this.ready = null;
    this.terms = {};
  }

  Engine.prototype.init = function () {
    var self = this;
    if (!self.ready) {
      self.ready = self.load("meta").then(function (meta) {
        self.meta = meta;
        self.count = meta.passages;
        self.reportOf = new Int32Array(meta.passages);
        self.firstOf = new Int32Array(meta.counts.length + 1);
        var p = 0;
        meta.counts.forEach(function (n, r) { self.firstOf[r] = p; for (var k = 0; k < n; k++) self.reportOf[p++] = r; });
        self.firstOf[meta.counts.length] = p;
        self.themeSets = meta.themes.map(function (t) { return decodePostings(t[2], meta.passages); });
        return self;
      });
    }
    return self.ready;
  };

  /** The bit set of passages indexed under ``term`` (empty when there are none). */
  Engine.prototype.postings = function (term) {
    var self = this;
    if (!self.terms[term]) {
      var shard = crc32(term) % self.meta.shards;
      self.terms[term] = self.load("t/" + shard).then(function (data) {
        return data[term] ? decodePostings(data[term], self.count) : emptySet(self.count);
      });
    }
    return self.terms[term];
  };

  Engine.prototype.allOf = function (terms) {
    var self = this;
    return Promise.all(terms.map(function (t) { return self.postings(t); })).then(function (sets) {
      return sets.reduce(and);
    });
  };

  /** Candidate sets of a query: per word, every word, the whole query, 提法 held whole. */
  Engine.prototype.match = function (query) {
    var self = this;
    var words = parseQuery(query);
    return self.init().then(function () {
      if (!words.length) return { words: words };
      var joined = words.map(function (w) { return w.tokens.join(""); }).join("");
      var phraseTerms = words.length > 1 && HAN_RUN.test(joined) ? bigrams(joined) : null;
      return Promise.all([
        Promise.all(words.map(function (w) { return self.allOf(w.terms); })),
        phraseTerms ? self.allOf(phraseTerms) : null,
        Promise.all(words.map(function (w) { return w.whole ? self.postings(w.whole) : null; })),
      ]).then(function (found) {
        var perWord = found[0], all = perWord.reduce(and), any = perWord.reduce(or);
        var whole = emptySet(self.count);
        found[2].forEach(function (set) { if (set) whole = or(whole, set); });
        return { words: words, all: all, any: any, phrase: found[1] ? and(found[1], all) : all, whole: whole };
      });
    });
  };

  /** The facet values of passage ``p``: indexes into meta's label lists, the kind letter. */
  Engine.prototype.values = function (p) {
    var r = this.reportOf[p], m = this.meta;
    return { type: m.type[r], year: m.year[r], place: m.place[r], kind: m.kinds[p] };
  };

  Engine.prototype.passes = function (p, filters, skip) {
    var v = this.values(p);
    for (var i = 0; i < FACETS.length; i++) {
      var f = FACETS[i];
      if (f === skip || filters[f] === undefined || filters[f] === null) continue;
      if (f === "theme") { if (!has(this.themeSets[filters.theme], p)) return false; }
      else if (v[f] !== filters[f]) return false;
    }
    return true;
  };

  /** Counts per facet value over ``set``, each facet counted under the other facets' filters. */
  Engine.prototype.facetCounts = function (set, filters) {
    var self = this, counts = {};
    FACETS.forEach(function (f) { counts[f] = {}; });
    forEachMember(set, function (p) {
      var v = self.values(p);
      FACETS.forEach(function (f) {
        if (!self.passes(p, filters, f)) return;
        if (f === "theme") {
          self.themeSets.forEach(function (s, t) { if (has(s, p)) counts.theme[t] = (counts.theme[t] || 0) + 1; });
        } else {
          counts[f][v[f]] = (counts[f][v[f]] || 0) + 1;
        }
      });
    });
    return counts;
  };

  /**
   * Ranked candidates of a query under filters: ``ranked`` (passage numbers, best first; those
   * with every word before ``restFrom``), ``counts`` per facet, ``pages`` (theme and 提法 pages).
   */
  Engine.prototype.search = function (query, filters) {
    var self = this;
    filters = filters || {};
    return self.match(query).then(function (m) {
      if (!m.all) return { words: m.words, ranked: [], restFrom: 0, counts: null, pages: [], total: 0 };
      var buckets = [], shown = 0;
      function rank(set, tierOf) {
        forEachMember(set, function (p) {
          if (!self.passes(p, filters)) return;
          var key = (tierOf(p) * 2 + (has(m.whole, p) ? 0 : 1)) * 64 + (self.meta.sizes.charCodeAt(p) - 48);
          (buckets[key] = buckets[key] || []).push(p);
          shown++;
        });
      }
      rank(m.all, function (p) { return has(m.phrase, p) ? 0 : 1; });
      var total = shown;
      var rest = emptySet(self.count);
      for (var i = 0; i < rest.length; i++) rest[i] = m.any[i] & ~m.all[i];
      rank(rest, function () { return 2; });
      var ranked = [];
      buckets.forEach(function (b) { if (b) ranked = ranked.concat(b); });
      return {
        words: m.words,
        ranked: ranked,
        restFrom: total,
        total: total,
        counts: self.facetCounts(total ? m.all : m.any, filters),
        pages: self.namedPages(m.words),
      };
    });
  };

  /** Theme and 提法 pages named in the query: exact names first, then 提法 before themes. */
  Engine.prototype.namedPages = function (words) {
    var q = words.map(function (w) { return w.tokens.join(""); }).join("");
    var found = this.meta.pages.filter(function (page) { return normalize(page[1]).indexOf(q) >= 0; });
    return found.sort(function (a, b) {
      return (normalize(b[1]) === q) - (normalize(a[1]) === q) || (a[0] === "term" ? 0 : 1) - (b[0] === "term" ? 0 : 1) || a[1].length - b[1].length;
    }).slice(0, 5);
  };

  /** The chunk index holding report ``r`` (chunks start at the report numbers in meta). */
  Engine.prototype.chunkOf = function (r) {
    var starts = this.meta.chunks, lo = 0, hi = starts.length - 1;
    while (lo < hi) { var mid = (lo + hi + 1) >> 1; if (starts[mid] <= r) lo = mid; else hi = mid - 1; }
    return lo;
  };

  /** Passage ``p`` for display: report title and link, heading path, kind label, text. */
  Engine.prototype.passage = function (p) {
    var self = this, r = self.reportOf[p], c = self.chunkOf(r);
    return self.load("d/" + c).then(function (reports) {
      var report = reports[r - self.meta.chunks[c]], item = report[2][p - self.firstOf[r]];
      return {
        number: p, url: report[0], title: report[1], id: item[0], headings: item[1], text: item[2],
        kind: self.meta.kindLabels[self.meta.kinds[p]],
      };
    });
  };

  /** Whether a passage's text holds every token of the words (the index only says it may). */
  function holdsAll(text, words) {
    var norm = normalize(text);
    return words.every(function (w) { return w.tokens.every(function (t) { return norm.indexOf(t) >= 0; }); });
  }

  function holdsAny(text, words) {
    var norm = normalize(text);
    return words.some(function (w) { return w.tokens.every(function (t) { return norm.indexOf(t) >= 0; }); });
  }

  /**
   * The next ``limit`` shown passages from ``result.ranked`` starting at ``from``, each checked
   * against its text; resolves to {items, next} (``next``: where to continue).
   */
  Engine.prototype.page = function (result, from, limit) {
    var self = this, items = [];
    function step(at) {
      if (items.length >= limit || at >= result.ranked.length) return Promise.resolve({ items: items, next: at });
      var batch = result.ranked.slice(at, at + (limit - items.length));
      return Promise.all(batch.map(function (p) { return self.passage(p); })).then(function (loaded) {
        loaded.forEach(function (item, k) {
          var rest = at + k >= result.restFrom;
          if (rest ? holdsAny(item.text, result.words) : holdsAll(item.text, result.words)) {
            item.rest = rest;
            items.push(item);
          }
        });
        return step(at + batch.length);
      });
    }
    return step(from);
  };

  /* ------------------------------------------------------------ snippets */

  function escapeHtml(text) {
    return text.replace(/[&<>"]/g, function (c) { return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" }[c]; });
  }

  /** HTML of a window of ``text`` around the first hit, every query token in <mark>. */
  function snippet(text, words) {
    var norm = normalize(text), tokens = [];
    words.forEach(function (w) { tokens = tokens.concat(w.tokens); });
    tokens = unique(tokens).sort(function (a, b) { return b.length - a.length; });
    var first = -1;
    tokens.forEach(function (t) { var at = norm.indexOf(t); if (at >= 0 && (first < 0 || at < first)) first = at; });
    var start = Math.max(0, first - SNIPPET_CHARS), end = Math.min(text.length, Math.max(first, 0) + 2 * SNIPPET_CHARS);
    var marks = new Uint8Array(end - start);
    tokens.forEach(function (t) {
      for (var at = norm.indexOf(t, start); at >= 0 && at < end; at = norm.indexOf(t, at + 1)) {
        for (var k = at; k < Math.min(at + t.length, end); k++) marks[k - start] = 1;
      }
    });
    var html = start ? "…" : "", open = false;
    for (var i = start; i < end; i++) {
      if (marks[i - start] && !open) { html += "<mark>"; open = true; }
      if (!marks[i - start] && open) { html += "</mark>"; open = false; }
      html += escapeHtml(text[i]);
    }
    return html + (open ? "</mark>" : "") + (end < text.length ? "…" : "");
  }

  var api = { normalize: normalize, parseQuery: parseQuery, queryTerms: queryTerms, crc32: crc32, decodePostings: decodePostings, Engine: Engine, snippet: snippet, holdsAll: holdsAll, forEachMember: forEachMember };

  if (typeof module === "object" && module.exports) {
    module.exports = api;
    return;
  }

  /* ------------------------------------------------------------ the page */

  var script = document.currentScript;
  var base = script.src.replace(/javascripts\/search\.js(\?.*)?$/, "");
  var waiting = {};
  var loaded = {};

  root.kbSearch = {
    api: api,
    load: function (name, data) { if (waiting[name]) waiting[name](data); },
  };

  function loadFile(name) {
    if (!loaded[name]) {
      loaded[name] = new Promise(function (resolve, reject) {
        waiting[name] = resolve;
        var tag = document.createElement("script");
        tag.src = base + "search/" + name + ".js";
        tag.onerror = function () { delete loaded[name]; reject(new Error("搜索索引文件 search/" + name + ".js 无法加载")); };
        document.head.appendChild(tag);
      });
    }
    return loaded[name];
  }

  var engine = new Engine(loadFile);
  var ICON = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><path d="M9.5 3A6.5 6.5 0 0 1 16 9.5c0 1.61-.59 3.09-1.56 4.23l.27.27h.79l5 5-1.5 1.5-5-5v-.79l-.27-.27A6.52 6.52 0 0 1 9.5 16 6.5 6.5 0 0 1 3 9.5 6.5 6.5 0 0 1 9.5 3m0 2C7 5 5 7 5 9.5S7 14 9.5 14 14 12 14 9.5 12 5 9.5 5"/></svg>';
  var BACK = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><path d="M20 11v2H8l5.5 5.5-1.42 1.42L4.16 12l7.92-7.92L13.5 5.5 8 11z"/></svg>';
  var FACET_LABELS = { type: "类型", year: "年份", place: "地方", kind: "部分", theme: "主题" };

  /** The search box in Material's header, with Material's classes (and so its layout). */
  function mountBox() {
    var header = document.querySelector(".md-header__inner");
    var toggle = document.getElementById("__search");
    if (!header || !toggle) return null;
    var button = document.createElement("label");
    button.className = "md-header__button md-icon";
    button.htmlFor = "__search";
    button.title = "搜索";
    button.innerHTML = ICON;
    var box = document.createElement("div");
    box.className = "md-search";
    box.setAttribute("role", "dialog");
    box.setAttribute("data-kb-search", "");
    box.innerHTML =
      '<label class="md-search__overlay" for="__search"></label>' +
      '<div class="md-search__inner" role="search">' +
      '<form class="md-search__form" name="kb-search">' +
      '<input type="text" class="md-search__input" name="query" aria-label="搜索段落" placeholder="搜索段落" autocapitalize="off" autocorrect="off" autocomplete="off" spellcheck="false" required>' +
      '<label class="md-search__icon md-icon" for="__search">' + ICON + BACK + "</label>" +
      '<nav class="md-search__options" aria-label="搜索"><button type="reset" class="md-search__icon md-icon" title="清除" aria-label="清除" tabindex="-1">×</button></nav>' +
      "</form>" +
      '<div class="md-search__output"><div class="md-search__scrollwrap" tabindex="0">' +
      '<div class="md-search-result">' +
      '<div class="md-search-result__meta">输入词语，查找各报告中的段落</div>' +
      '<div class="kb-search-filters" hidden></div>' +
      '<ol class="md-search-result__list" role="presentation"></ol>' +
      '<button type="button" class="kb-search-more md-button" hidden>显示更多</button>' +
      "</div></div></div></div>";
    var source = header.querySelector(".md-header__source");
    header.insertBefore(button, source);
    header.insertBefore(box, source);
    return { toggle: toggle, box: box, input: box.querySelector("input"), form: box.querySelector("form"),
      meta: box.querySelector(".md-search-result__meta"), filters: box.querySelector(".kb-search-filters"),
      list: box.querySelector(".md-search-result__list"), more: box.querySelector(".kb-search-more") };
  }

  function facetLabel(f, value) {
    var m = engine.meta;
    if (f === "type") return m.types[value];
    if (f === "year") return m.years[value] === null ? "未注明年份" : m.years[value] + " 年";
    if (f === "place") return m.places[value] === null ? "未注明地方" : m.places[value];
    if (f === "kind") return m.kindLabels[value];
    return m.themes[value][1];
  }

  function facetValue(f, raw) {
    if (raw === "") return null;
    return f === "kind" ? raw : Number(raw);
  }

  function renderFilters(ui, counts, filters) {
    ui.filters.hidden = !counts;
    if (!counts) return;
    ui.filters.innerHTML = FACETS.map(function (f) {
      var values = Object.keys(counts[f]).sort(function (a, b) {
        return f === "kind" ? "opqcm".indexOf(a) - "opqcm".indexOf(b) : Number(a) - Number(b);
      });
      var chosen = filters[f] === undefined || filters[f] === null ? "" : String(filters[f]);
      var options = '<option value="">全部' + FACET_LABELS[f] + "</option>" + values.map(function (v) {
        return '<option value="' + escapeHtml(v) + '"' + (v === chosen ? " selected" : "") + ">" + escapeHtml(facetLabel(f, f === "kind" ? v : Number(v))) + "（" + counts[f][v] + "）</option>";
      }).join("");
      return '<label class="kb-search-filter"><span>' + FACET_LABELS[f] + '</span><select data-facet="' + f + '">' + options + "</select></label>";
    }).join("");
  }

  function pageItem(page, words) {
    var kind = page[0] === "term" ? "提法" : "主题";
    return '<li class="md-search-result__item kb-search-page" data-search-result>' +
      '<a href="' + escapeHtml(base + page[2]) + '" class="md-search-result__link" tabindex="-1">' +
      '<article class="md-search-result__article md-typeset"><h1>' + kind + "：" + escapeHtml(page[1]) + "</h1>" +
      (page[3] ? "<p>" + snippet(page[3], words) + "</p>" : "") + "</article></a></li>";
  }

  function passageItem(item, words) {
    var path = item.headings ? escapeHtml(item.headings) + " · " : "";
    return '<li class="md-search-result__item' + (item.rest ? " kb-search-rest" : "") + '" data-search-result>' +
      '<a href="' + escapeHtml(base + item.url + "#" + item.id) + '" class="md-search-result__link" tabindex="-1">' +
      '<article class="md-search-result__article md-typeset"><h1>' + escapeHtml(item.title) + "</h1>" +
      '<nav class="kb-search-path">' + path + '<span class="kb-search-kind">' + escapeHtml(item.kind) + "</span></nav>" +
      "<p>" + snippet(item.text, words) + "</p></article></a></li>";
  }

  function start() {
    var ui = mountBox();
    if (!ui) return;
    var state = { query: "", filters: {}, result: null, next: 0, serial: 0 };

    function open() { ui.toggle.checked = true; }
    function close() { ui.toggle.checked = false; ui.input.blur(); }

    function showMore(serial) {
      var result = state.result;
      return engine.page(result, state.next, PAGE_SIZE).then(function (page) {
        if (serial !== state.serial) return;
        var html = "";
        page.items.forEach(function (item, k) {
          var previous = k ? page.items[k - 1] : null;
          if (item.rest && (!previous || !previous.rest) && !ui.list.querySelector(".kb-search-rest")) {
            html += '<li class="kb-search-divider">以下段落只含部分词语</li>';
          }
          html += passageItem(item, result.words);
        });
        ui.list.insertAdjacentHTML("beforeend", html);
        state.next = page.next;
        ui.more.hidden = page.next >= result.ranked.length;
        ui.box.setAttribute("data-kb-answered", state.query); // for tests and the benchmark
      });
    }

    function run() {
      var query = ui.input.value.trim();
      var serial = ++state.serial;
      state.query = query;
      if (!query) {
        ui.meta.textContent = "输入词语，查找各报告中的段落";
        ui.list.innerHTML = "";
        ui.filters.hidden = true;
        ui.more.hidden = true;
        return Promise.resolve();
      }
      return engine.search(query, state.filters).then(function (result) {
        if (serial !== state.serial) return;
        state.result = result;
        state.next = 0;
        ui.list.innerHTML = "";
        if (!result.words.length) {
          ui.meta.textContent = "请至少输入两个汉字（或一个英文词、数字）";
          renderFilters(ui, null);
          ui.more.hidden = true;
          ui.box.setAttribute("data-kb-answered", query);
          return;
        }
        var anyFilter = FACETS.some(function (f) { return state.filters[f] !== undefined && state.filters[f] !== null; });
        var pages = anyFilter ? [] : result.pages;
        ui.meta.textContent = result.total ? "找到 " + result.total + " 个段落" : (result.ranked.length ? "没有同时含全部词语的段落，以下段落只含部分词语" : "没有找到含“" + query + "”的段落");
        renderFilters(ui, result.ranked.length || anyFilter ? result.counts : null, state.filters);
        ui.list.innerHTML = pages.map(function (p) { return pageItem(p, result.words); }).join("");
        return showMore(serial);
      }, function (error) {
        ui.meta.textContent = error.message;
      });
    }

    function links() { return Array.prototype.slice.call(ui.list.querySelectorAll("a.md-search-result__link")); }

    ui.input.addEventListener("focus", open);
    ui.input.addEventListener("input", run);
    ui.form.addEventListener("submit", function (event) { event.preventDefault(); });
    ui.form.addEventListener("reset", function () { setTimeout(run, 0); });
    ui.toggle.addEventListener("change", function () { if (ui.toggle.checked) ui.input.focus(); });
    ui.filters.addEventListener("change", function (event) {
      var f = event.target.getAttribute("data-facet");
      if (!f) return;
      state.filters[f] = facetValue(f, event.target.value);
      run();
    });
    ui.more.addEventListener("click", function () { showMore(state.serial); });
    ui.list.addEventListener("click", function (event) { if (event.target.closest("a")) close(); });
    ui.box.addEventListener("keydown", function (event) {
      var all = links(), at = all.indexOf(document.activeElement);
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        if (event.target.tagName === "SELECT") return;
        event.preventDefault();
        var to = event.key === "ArrowDown" ? Math.min(at + 1, all.length - 1) : at - 1;
        if (to < 0) ui.input.focus(); else all[to].focus();
      } else if (event.key === "Enter" && event.target === ui.input && all.length) {
        event.preventDefault();
        close();
        all[0].click();
      } else if (event.key === "Escape") {
        close();
      }
    });
    document.addEventListener("keydown", function (event) {
      var typing = /^(INPUT|TEXTAREA|SELECT)$/.test(document.activeElement.tagName) || document.activeElement.isContentEditable;
      if (!typing && (event.key === "/" || event.key === "s") && !event.ctrlKey && !event.metaKey && !event.altKey) {
        event.preventDefault();
        open();
        ui.input.focus();
      }
    });

    var shared = new URLSearchParams(location.search).get("q");
    if (shared) {
      ui.input.value = shared;
      open();
      ui.input.focus();
      run();
    }
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})(this);
