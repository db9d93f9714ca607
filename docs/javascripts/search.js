/*
 * Passage search over the sharded index that kb/site/searchindex.py writes to search/.
 *
 * The page loads search/meta.js once, then, per query, the term shards t/<n>.js holding the
 * query's terms and the document chunks d/<n>.js of the results it shows. Every file is a
 * script calling kbSearch.load(name, data), so search works over HTTP and from file://.
 * Loaded files stay loaded, so the next keystroke fetches only what is new; results are shown
 * one by one as their chunks arrive, in rank order, not after the whole page has loaded.
 *
 * A query is split exactly as the index was built (see the Python module): words at spaces;
 * in each word, Han runs give their character bigrams and ASCII letter-digit runs are whole
 * terms. A two-character word, an ASCII word and a vocabulary word (indexed whole) are looked
 * up exactly. Any other word matches a passage holding all its terms, which a few passages do
 * without holding the word: such queries' counts are upper bounds (shown as such) until every
 * candidate has been checked against its text, and every passage is checked before it is shown.
 * A word matches in the text or in the heading path. Ranking: passages with the whole query,
 * then with every word in the text, then with every word in text or headings, then the rest;
 * within one, passages holding a 提法 whole, then shorter ones, then reading order.
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
        self.chunkStarts = [];
        for (var c = 0, start = 0; c < meta.chunkSizes.length; c++) { self.chunkStarts.push(start); start += meta.chunkSizes.charCodeAt(c) - 48; }
        self.vocabulary = {};
        meta.words.forEach(function (word) { self.vocabulary[word] = true; });
        self.themeSets = meta.themes.map(function (t) { return decodePostings(t[2], meta.passages); });
        return self;
      });
    }
    return self.ready;
  };

  /**
   * The postings of ``term``: ``text`` (null when the index has no entry: for a vocabulary word,
   * that it was not indexed whole) and ``both`` (text or heading path), as bit sets.
   */
  Engine.prototype.postings = function (term) {
    var self = this;
    if (!self.terms[term]) {
      var shard = crc32(term) % self.meta.shards;
      self.terms[term] = self.load("t/" + shard).then(function (data) {
        var text = data.t[term] !== undefined ? decodePostings(data.t[term], self.count) : null;
        var head = data.h[term] !== undefined ? decodePostings(data.h[term], self.count) : null;
        var none = emptySet(self.count);
        return { text: text, both: head ? or(text || none, head) : text || none };
      });
    }
    return self.terms[term];
  };

  /** One word's candidates: ``text`` (in the text), ``both`` (in text or headings), ``exact``. */
  Engine.prototype.wordSets = function (w) {
    var self = this, none = emptySet(self.count);
    // Only vocabulary words are indexed whole: looking any other word up would cost a shard.
    var whole = w.whole && self.vocabulary[w.whole] ? w.whole : null;
    var lookups = w.terms.concat(whole ? [whole] : []);
    return Promise.all(lookups.map(function (t) { return self.postings(t); })).then(function (found) {
      whole = whole ? found[found.length - 1] : null;
      if (whole && whole.text) return { text: whole.text, both: whole.both, whole: whole.text, exact: true };
      var sets = found.slice(0, w.terms.length);
      var one = w.tokens.length === 1 && (!HAN_RUN.test(w.tokens[0]) || w.tokens[0].length === 2);
      return {
        text: sets.map(function (s) { return s.text || none; }).reduce(and),
        both: sets.map(function (s) { return s.both; }).reduce(and),
        whole: null,
        exact: one,
      };
    });
  };

  Engine.prototype.allOf = function (terms) {
    var self = this, none = emptySet(self.count);
    return Promise.all(terms.map(function (t) { return self.postings(t); })).then(function (sets) {
      return sets.map(function (s) { return s.text || none; }).reduce(and);
    });
  };

  function minus(a, b) { var out = new Uint32Array(a.length); for (var i = 0; i < a.length; i++) out[i] = a[i] & ~b[i]; return out; }

  /**
   * Candidate sets of a query: ``all`` (every word in the text), ``near`` (every word in text or
   * headings, not all in the text), ``rest`` (some word), ``phrase`` (the whole query), ``whole``
   * (a 提法 held whole), and whether the sets are ``exact``.
   */
  Engine.prototype.match = function (query) {
    var self = this;
    var words = parseQuery(query);
    return self.init().then(function () {
      if (!words.length) return { words: words };
      var joined = words.map(function (w) { return w.tokens.join(""); }).join("");
      var phraseTerms = words.length > 1 && HAN_RUN.test(joined) ? bigrams(joined) : null;
      return Promise.all([
        Promise.all(words.map(function (w) { return self.wordSets(w); })),
        phraseTerms ? self.allOf(phraseTerms) : null,
      ]).then(function (found) {
        var perWord = found[0];
        var all = perWord.map(function (s) { return s.text; }).reduce(and);
        var both = perWord.map(function (s) { return s.both; }).reduce(and);
        var any = perWord.map(function (s) { return s.both; }).reduce(or);
        var whole = emptySet(self.count);
        perWord.forEach(function (s) { if (s.whole) whole = or(whole, s.whole); });
        return {
          words: words, all: all, near: minus(both, all), both: both, rest: minus(any, both),
          phrase: found[1] ? and(found[1], all) : all, whole: whole,
          exact: perWord.every(function (s) { return s.exact; }),
        };
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
      if (!m.all) return { words: m.words, ranked: [], nearFrom: 0, restFrom: 0, counts: null, pages: [], total: 0, exact: true };
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
      var nearFrom = shown;
      rank(m.near, function () { return 2; });
      var total = shown;
      rank(m.rest, function () { return 3; });
      var ranked = [];
      buckets.forEach(function (b) { if (b) ranked = ranked.concat(b); });
      return {
        words: m.words,
        ranked: ranked,
        nearFrom: nearFrom,
        restFrom: total,
        total: total,
        exact: m.exact,
        counts: self.facetCounts(total ? m.both : m.rest, filters),
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

  /** The chunk holding passage ``p`` (meta gives each chunk's passage count). */
  Engine.prototype.chunkOf = function (p) {
    var starts = this.chunkStarts, lo = 0, hi = starts.length - 1;
    while (lo < hi) { var mid = (lo + hi + 1) >> 1; if (starts[mid] <= p) lo = mid; else hi = mid - 1; }
    return lo;
  };

  /** Passage ``p`` for display: report title and link, heading path, kind label, text. */
  Engine.prototype.passage = function (p) {
    var self = this;
    return self.load("d/" + self.chunkOf(p)).then(function (reports) {
      var report = reports.filter(function (r) { return r[0] <= p && p < r[0] + r[3].length; })[0];
      var item = report[3][p - report[0]];
      return {
        number: p, url: report[1], title: report[2], id: item[0], headings: item[1], text: item[2], table: !!item[3],
        kind: self.meta.kindLabels[self.meta.kinds[p]],
      };
    });
  };

  function holdsWord(norm, w) { return w.tokens.every(function (t) { return norm.indexOf(t) >= 0; }); }

  /** Whether a passage's text holds every token of the words (the index only says it may). */
  function holdsAll(text, words) {
    var norm = normalize(text);
    return words.every(function (w) { return holdsWord(norm, w); });
  }

  /** Whether every word (``every``) or some word is in the text or in the heading path. */
  function holdsAround(item, words, every) {
    var text = normalize(item.text), path = normalize(item.headings);
    var inEither = function (w) { return holdsWord(text, w) || holdsWord(path, w); };
    return every ? words.every(inEither) : words.some(inEither);
  }

  /**
   * The next ``limit`` shown passages from ``result.ranked`` starting at ``from``, each checked
   * against its text; resolves to {items, next, rejected} (``next``: where to continue;
   * ``rejected``: candidates counted in ``result.total`` that failed the check). ``onItem`` is
   * called with each shown passage, in rank order, as soon as it and those above it are loaded.
   */
  Engine.prototype.page = function (result, from, limit, onItem) {
    var self = this, items = [], rejected = 0;
    function accept(item, at) {
      item.rest = at >= result.restFrom;
      item.byHeading = !item.rest && at >= result.nearFrom;
      if (item.rest) return holdsAround(item, result.words, false);
      return item.byHeading ? holdsAround(item, result.words, true) : holdsAll(item.text, result.words);
    }
    function step(at) {
      if (items.length >= limit || at >= result.ranked.length) return Promise.resolve({ items: items, next: at, rejected: rejected });
      var batch = result.ranked.slice(at, at + (limit - items.length));
      var loads = batch.map(function (p) { return self.passage(p); }); // fetched together, shown in order
      var chain = Promise.resolve();
      loads.forEach(function (load, k) {
        chain = chain.then(function () { return load; }).then(function (item) {
          if (accept(item, at + k)) {
            items.push(item);
            if (onItem) onItem(item);
          } else if (at + k < result.restFrom) {
            rejected++;
          }
        });
      });
      return chain.then(function () { return step(at + batch.length); });
    }
    return step(from);
  };

  /* ------------------------------------------------------------ snippets */

  function escapeHtml(text) {
    return text.replace(/[&<>"]/g, function (c) { return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" }[c]; });
  }

  function queryTokens(words) {
    var tokens = [];
    words.forEach(function (w) { tokens = tokens.concat(w.tokens); });
    return unique(tokens).sort(function (a, b) { return b.length - a.length; });
  }

  /** HTML of a window of ``text`` around the first hit, every query token in <mark>. */
  function snippet(text, words) {
    var norm = normalize(text), tokens = queryTokens(words);
    var first = -1;
    tokens.forEach(function (t) { var at = norm.indexOf(t); if (at >= 0 && (first < 0 || at < first)) first = at; });
    var start = Math.max(0, first - SNIPPET_CHARS), end = Math.min(text.length, Math.max(first, 0) + 2 * SNIPPET_CHARS);
    return (start ? "…" : "") + marked(text, norm, tokens, start, end) + (end < text.length ? "…" : "");
  }

  /** HTML of ``text`` from ``start`` to ``end``, every token in <mark>. */
  function marked(text, norm, tokens, start, end) {
    var marks = new Uint8Array(end - start);
    tokens.forEach(function (t) {
      for (var at = norm.indexOf(t, start); at >= 0 && at < end; at = norm.indexOf(t, at + 1)) {
        for (var k = at; k < Math.min(at + t.length, end); k++) marks[k - start] = 1;
      }
    });
    var html = "", open = false;
    for (var i = start; i < end; i++) {
      if (marks[i - start] && !open) { html += "<mark>"; open = true; }
      if (!marks[i - start] && open) { html += "</mark>"; open = false; }
      html += escapeHtml(text[i]);
    }
    return html + (open ? "</mark>" : "");
  }

  /** HTML of a heading path with the query's tokens in <mark> (a hit may be in the headings). */
  function markedPath(path, words) {
    return marked(path, normalize(path), queryTokens(words), 0, path.length);
  }

  var api = { markedPath: markedPath, holdsAround: holdsAround, normalize: normalize, parseQuery: parseQuery, queryTerms: queryTerms, crc32: crc32, decodePostings: decodePostings, Engine: Engine, snippet: snippet, holdsAll: holdsAll, forEachMember: forEachMember };

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

  function renderFilters(ui, counts, filters, exact) {
    ui.filters.hidden = !counts;
    if (!counts) return;
    ui.filters.innerHTML = FACETS.map(function (f) {
      var values = Object.keys(counts[f]).sort(function (a, b) {
        return f === "kind" ? "opqcmt".indexOf(a) - "opqcmt".indexOf(b) : Number(a) - Number(b);
      });
      var chosen = filters[f] === undefined || filters[f] === null ? "" : String(filters[f]);
      var options = '<option value="">全部' + FACET_LABELS[f] + "</option>" + values.map(function (v) {
        return '<option value="' + escapeHtml(v) + '"' + (v === chosen ? " selected" : "") + ">" + escapeHtml(facetLabel(f, f === "kind" ? v : Number(v))) + "（" + (exact ? "" : "≤") + counts[f][v] + "）</option>";
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
    var path = item.headings ? markedPath(item.headings, words) + " · " : "";
    return '<li class="md-search-result__item' + (item.rest ? " kb-search-rest" : "") + '" data-search-result>' +
      '<a href="' + escapeHtml(base + item.url + (item.id ? "#" + item.id : "")) + '" class="md-search-result__link" tabindex="-1">' +
      '<article class="md-search-result__article md-typeset"><h1>' + escapeHtml(item.title) + "</h1>" +
      '<nav class="kb-search-path">' + path + '<span class="kb-search-kind">' + escapeHtml(item.kind) + "</span></nav>" +
      "<p>" + snippet(item.text, words) + "</p></article></a></li>";
  }

  function start() {
    var ui = mountBox();
    if (!ui) return;
    var state = { query: "", filters: {}, result: null, next: 0, serial: 0, rejected: 0 };

    function open() { ui.toggle.checked = true; }
    function close() { ui.toggle.checked = false; ui.input.blur(); }

    /** The count line: exact, or an upper bound until every candidate has been checked. */
    function countLine(result) {
      var n = result.total - state.rejected;
      if (result.exact || state.next >= result.restFrom) return "找到 " + n + " 个段落";
      return "找到至多 " + n + " 个段落（部分段落尚未逐一核对是否含完整词语）";
    }

    function showMore(serial) {
      var result = state.result;
      function show(item) {
        if (serial !== state.serial) return;
        if (item.rest && !ui.list.querySelector(".kb-search-rest, .kb-search-divider")) {
          ui.list.insertAdjacentHTML("beforeend", '<li class="kb-search-divider">以下段落只含部分词语</li>');
        }
        ui.list.insertAdjacentHTML("beforeend", passageItem(item, result.words));
        ui.box.setAttribute("data-kb-answered", state.query); // first results are up: for tests and the benchmark
      }
      // Until this page is complete: no second click on "显示更多" may load the same results again.
      ui.more.hidden = true;
      ui.box.removeAttribute("data-kb-complete");
      return engine.page(result, state.next, PAGE_SIZE, show).then(function (page) {
        if (serial !== state.serial) return;
        state.next = page.next;
        state.rejected += page.rejected;
        if (result.total) ui.meta.textContent = countLine(result);
        ui.more.hidden = page.next >= result.ranked.length;
        ui.box.setAttribute("data-kb-answered", state.query);
        ui.box.setAttribute("data-kb-complete", state.query); // the whole page of results is up
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
        state.rejected = 0;
        ui.list.innerHTML = "";
        if (!result.words.length) {
          ui.meta.textContent = "请至少输入两个汉字（或一个英文词、数字）";
          renderFilters(ui, null);
          ui.more.hidden = true;
          ui.box.setAttribute("data-kb-answered", query);
          ui.box.setAttribute("data-kb-complete", query);
          return;
        }
        var anyFilter = FACETS.some(function (f) { return state.filters[f] !== undefined && state.filters[f] !== null; });
        var pages = anyFilter ? [] : result.pages;
        ui.meta.textContent = result.total ? countLine(result) : (result.ranked.length ? "没有同时含全部词语的段落，以下段落只含部分词语" : "没有找到含“" + query + "”的段落");
        renderFilters(ui, result.ranked.length || anyFilter ? result.counts : null, state.filters, result.exact);
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
