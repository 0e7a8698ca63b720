/* The search page (templates/sok.md.j2): the pages of this language for citizens that match the words typed.
   The index (<language>/sok.json, generate/searchindex.py) is fetched when the reader starts to type, never on
   other pages. Every word must match the start of a word in the page's title, headings, fylke or text; the title
   counts most, then the headings. Every value goes into the page as text (textContent), never as HTML. */
(function () {
  "use strict";

  var MAX_SHOWN = 25;

  function normalise(text) {
    return text.toLowerCase()
      .replace(/æ/g, "ae").replace(/ø/g, "o").replace(/å/g, "aa")
      .normalize("NFD").replace(/[\u0300-\u036f]/g, "")
      .replace(/[^a-z0-9]+/g, " ").trim();
  }

  function score(entry, words) {
    var total = 0;
    for (var i = 0; i < words.length; i++) {
      var word = words[i], found = 0;
      if (entry.title.indexOf(" " + word) !== -1) { found = entry.title === " " + word ? 12 : 8; }
      else if (entry.headings.indexOf(" " + word) !== -1) { found = 4; }
      else if (entry.county.indexOf(" " + word) !== -1) { found = 3; }
      else if (entry.text.indexOf(" " + word) !== -1) { found = 1; }
      if (!found) { return 0; }
      total += found;
    }
    return total;
  }

  function snippet(text, words) {
    var lower = text.toLowerCase(), at = -1;
    for (var i = 0; i < words.length && at === -1; i++) { at = normalise(lower).indexOf(words[i]); }
    var start = Math.max(0, at - 60);
    var piece = text.slice(start, start + 180);
    return (start > 0 ? "… " : "") + piece + (start + 180 < text.length ? " …" : "");
  }

  function init() {
    var form = document.querySelector(".sok-skjema");
    if (!form) { return; }
    var input = form.querySelector("input");
    var status = form.querySelector("[role=status]");
    var list = form.querySelector(".sok-treff");
    var fallback = document.querySelector(".sok-uten-skript");
    var entries = null, loading = null;
    form.hidden = false;
    if (fallback) { fallback.hidden = true; }

    function load() {
      if (!loading) {
        status.textContent = form.getAttribute("data-laster");
        loading = fetch(form.getAttribute("data-indeks"), { credentials: "same-origin" })
          .then(function (response) {
            if (!response.ok) { throw new Error(String(response.status)); }
            return response.json();
          })
          .then(function (data) {
            entries = data.map(function (e) {
              return { raw: e, title: " " + normalise(e.t), county: " " + normalise(e.f || ""),
                       headings: " " + normalise(e.h || ""),
                       text: " " + normalise(e.t + " " + (e.x || "")) };
            });
          })
          .catch(function () { status.textContent = form.getAttribute("data-feil"); });
      }
      return loading;
    }

    function show() {
      var words = normalise(input.value).split(" ").filter(Boolean);
      list.textContent = "";
      if (!entries) { return; }
      if (words.length === 0) { status.textContent = ""; return; }
      var found = entries.map(function (e) { return { e: e, s: score(e, words) }; })
        .filter(function (m) { return m.s > 0; })
        .sort(function (a, b) { return b.s - a.s || a.e.raw.t.localeCompare(b.e.raw.t, "nb"); });
      if (found.length === 0) { status.textContent = form.getAttribute("data-ingen"); }
      else if (found.length === 1) { status.textContent = form.getAttribute("data-en"); }
      else { status.textContent = form.getAttribute("data-antall").replace("{antall}", String(found.length)); }
      found.slice(0, MAX_SHOWN).forEach(function (m) {
        var li = document.createElement("li");
        var a = document.createElement("a");
        a.href = form.getAttribute("data-sider") + m.e.raw.u;
        a.textContent = m.e.raw.t;
        li.appendChild(a);
        if (m.e.raw.f) {
          var county = document.createElement("span");
          county.className = "sok-fylke";
          county.textContent = " · " + m.e.raw.f;
          li.appendChild(county);
        }
        var p = document.createElement("p");
        p.textContent = snippet(m.e.raw.x || "", words);
        li.appendChild(p);
        list.appendChild(li);
      });
    }

    input.addEventListener("input", function () { load().then(show); });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      load().then(function () {
        show();
        var first = list.querySelector("a");
        if (first) { first.focus(); }
      });
    });
    var query = new URLSearchParams(location.search).get("q");
    if (query) { input.value = query; load().then(show); }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
