/* Tell readers when the passage a link points to is not on its report page (any more). */
(function () {
  "use strict";

  var NOTICE_ID = "kb-hash-notice";

  /* Ids this report page once had, or null when the page is not a report page. */
  function retiredIds() {
    var marker = document.getElementById("kb-retired");
    if (!marker) {
      return null;
    }
    return (marker.getAttribute("data-ids") || "").split(/\s+/).filter(Boolean);
  }

  function hashId() {
    var raw = window.location.hash.slice(1);
    try {
      return decodeURIComponent(raw);
    } catch (e) {
      return raw;
    }
  }

  /* Build the notice with textContent only: the hash comes from the URL and is untrusted. */
  function buildNotice(retired, id) {
    var box = document.createElement("div");
    box.id = NOTICE_ID;
    box.className = "admonition kb-notice " + (retired ? "warning" : "info");
    box.setAttribute("role", "status");
    var title = document.createElement("p");
    title.className = "admonition-title";
    title.textContent = retired ? "引用的段落已修订或删除" : "未找到链接指向的位置";
    var body = document.createElement("p");
    body.textContent = retired
      ? "链接指向的段落（编号 " + id + "）在报告更新后已被修订或删除。您现在位于该段落原所在的报告页，可在下方查阅报告的现行内容。"
      : "本页没有编号为 " + id + " 的段落或标题，链接可能有误或已过时。您现在位于报告页开头。";
    box.appendChild(title);
    box.appendChild(body);
    return box;
  }

  function placeNotice(notice) {
    var title = document.getElementById("report-title");
    if (title && title.parentNode) {
      title.parentNode.insertBefore(notice, title.nextSibling);
      return;
    }
    var article = document.querySelector("article") || document.body;
    article.insertBefore(notice, article.firstChild);
  }

  function checkHash() {
    var old = document.getElementById(NOTICE_ID);
    if (old) {
      old.parentNode.removeChild(old);
    }
    var retired = retiredIds();
    var id = hashId();
    if (retired === null || !id || document.getElementById(id)) {
      return;
    }
    placeNotice(buildNotice(retired.indexOf(id) !== -1, id));
  }

  /* Material's instant loading (if ever enabled) announces each page via document$. */
  if (typeof window.document$ !== "undefined" && window.document$.subscribe) {
    window.document$.subscribe(checkHash);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", checkHash);
  } else {
    checkHash();
  }
  window.addEventListener("hashchange", checkHash);
})();

/* Copy-link buttons under passages: copy the citation the build put in data-citation. */
(function () {
  "use strict";

  /* Fallback for plain-http intranet sites, where navigator.clipboard is unavailable. */
  function copyWithTextarea(text) {
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.top = "-1000px";
    document.body.appendChild(area);
    area.select();
    var ok = false;
    try {
      ok = document.execCommand("copy");
    } catch (e) {
      ok = false;
    }
    document.body.removeChild(area);
    return ok;
  }

  function copy(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text).then(
        function () { return true; },
        function () { return copyWithTextarea(text); }
      );
    }
    return Promise.resolve(copyWithTextarea(text));
  }

  function announce(button, ok) {
    var label = button.getAttribute("data-label") || button.textContent;
    button.setAttribute("data-label", label);
    button.textContent = ok ? "已复制" : "复制失败，请手动复制地址栏链接";
    button.classList.toggle("kb-copy--done", ok);
    window.setTimeout(function () {
      button.textContent = label;
      button.classList.remove("kb-copy--done");
    }, 2000);
  }

  /* One delegated listener keeps working when Material swaps page content. */
  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("button.kb-copy") : null;
    if (!button) {
      return;
    }
    copy(button.getAttribute("data-citation") || "").then(function (ok) {
      announce(button, ok);
    });
  });
})();

/* Printed handouts: write each passage link out as its permanent address. */
(function () {
  "use strict";

  /* The canonical link is built from site_url, so printed addresses match copied citations,
     whether the page was opened from the intranet server or from the offline folder. */
  function permanentBase() {
    var canonical = document.querySelector('link[rel="canonical"]');
    return canonical ? canonical.href : window.location.href;
  }

  function markPassageLinks() {
    var base = permanentBase();
    var links = document.querySelectorAll('article a[href*="#p-"]');
    for (var i = 0; i < links.length; i++) {
      try {
        links[i].setAttribute("data-print-href", new URL(links[i].getAttribute("href"), base).href);
      } catch (e) {
        /* An unparsable href stays as written; print CSS falls back to nothing extra. */
      }
    }
  }

  if (typeof window.document$ !== "undefined" && window.document$.subscribe) {
    window.document$.subscribe(markPassageLinks);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", markPassageLinks);
  } else {
    markPassageLinks();
  }
})();

/* "打印 / 存为 PDF" under a report's title: the browser's print dialog, which also saves PDFs. */
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("button.kb-print") : null;
    if (button) {
      window.print();
    }
  });
})();
