/* The term explorer (book/terms.md; served as _vendor/term-explorer.js, outside _static, which Jupyter Book
   would load on every page): any term's course through the journal, from the index the tables run wrote
   (explorer/term-index.json at the site's root). It is loaded by that page only, after the Vega bundle; every
   chart is drawn with vegaEmbed, and what a chart shows is also written as text and tables for the keyboard. */
(function () {
  "use strict";
  var root = document.documentElement.dataset.content_root || "";
  var box = document.querySelector(".term-explorer");
  if (!box) { return; }
  var settings = JSON.parse(box.dataset.settings);
  var form = box.querySelector("form");
  var input = box.querySelector("input");
  var status = box.querySelector(".term-explorer-status");
  var index = null, ids = null, current = null;
  var cache = {};

  function el(tag, text, cls) {
    var node = document.createElement(tag);
    if (text !== undefined) { node.textContent = text; }
    if (cls) { node.className = cls; }
    return node;
  }

  function decode(runs, size) {  // "step:using[:uses],..." → {position: [using, uses]}
    var cells = {}, position = 0;
    if (!runs) { return cells; }
    runs.split(",").forEach(function (run) {
      var parts = run.split(":").map(Number);
      position += parts[0];
      cells[position] = [parts[1], parts.length > 2 ? parts[2] : parts[1]];
    });
    return cells;
  }

  function percent(share) { return (100 * share).toFixed(share < 0.1 ? 1 : 0) + "%"; }

  function width(node) { return Math.max(260, Math.min(node.clientWidth || 640, 760) - 90); }

  function issueRows(id) {
    var cells = decode(index.by_issue[id]), bursts = index.bursts[id] || [], missing = {};
    index.missing.forEach(function (m) { missing[m] = true; });
    return index.issues.map(function (issue, n) {
      var cell = cells[n] || [0, 0], printed = index.articles[n];
      var inBurst = bursts.some(function (b) { return n >= b[0] && n <= b[1]; });
      return {issue: issue, year: issue.slice(0, 4), articles: printed, using: cell[0], uses: cell[1],
              share: printed > 0 ? cell[0] / printed : null, missing: !!missing[n], burst: inBurst};
    });
  }

  function yearRows(rows) {
    var years = {};
    rows.forEach(function (row) {
      var y = years[row.year] || (years[row.year] = {year: row.year, articles: 0, using: 0, uses: 0, issues: 0});
      if (!row.missing) { y.issues += 1; }
      y.articles += row.articles; y.using += row.using; y.uses += row.uses;
    });
    var full = Math.max.apply(null, Object.keys(years).map(function (k) { return years[k].issues; }));
    return Object.keys(years).sort().map(function (k) {
      var y = years[k];
      y.share = y.articles > 0 ? y.using / y.articles : null;
      y.partial = y.issues < full ? y.issues + " issue" + (y.issues === 1 ? "" : "s") : "";
      y.label = y.year + (y.partial ? " (" + y.partial + ")" : "");
      return y;
    });
  }

  function issueChart(term, rows, node) {
    var w = width(node);
    var x = {field: "issue", type: "ordinal", title: null,
             axis: {labelAngle: -90, labelFontSize: 9, labelExpr: "slice(datum.value, 5) == '01' ? datum.value : ''"}};
    var spec = {
      description: "The share of each issue's articles that use " + term + ", issue by issue; bursts shaded, " +
                   "missing issues marked ×; below it, the articles each issue printed. Click a bar for its lines.",
      config: {font: "Noto Sans CJK SC"},
      data: {values: rows},
      vconcat: [{
        width: w, height: 150,
        layer: [
          {transform: [{filter: "datum.burst"}], mark: {type: "bar", color: "#f4d03f", opacity: 0.45},
           encoding: {x: x, y: {datum: 1, type: "quantitative", scale: {domain: [0, 1]}}}},
          {mark: {type: "bar", color: "#b22222", cursor: "pointer"},
           encoding: {x: x, y: {field: "share", type: "quantitative", title: "share of its articles",
                                axis: {format: ".0%"}},
                      tooltip: [{field: "issue", title: "issue"}, {field: "using", title: "articles using it"},
                                {field: "articles", title: "articles printed"}, {field: "uses", title: "uses"},
                                {field: "share", title: "share", format: ".1%"}]}},
          {transform: [{filter: "datum.missing"}], mark: {type: "text", text: "×", color: "#444", dy: -6},
           encoding: {x: x, y: {datum: 0, type: "quantitative"}}}
        ],
        resolve: {scale: {y: "shared"}}
      }, {
        width: w, height: 50,
        mark: {type: "bar", color: "#999"},
        encoding: {x: x, y: {field: "articles", type: "quantitative", title: "articles",
                             axis: {tickCount: 2}},
                   tooltip: [{field: "issue"}, {field: "articles", title: "articles printed"}]}
      }]
    };
    return vegaEmbed(node, spec, {actions: false, renderer: "svg"});
  }

  function yearChart(term, years, node) {  // a partial year says so above its bar
    var x = {field: "year", type: "ordinal", title: null, axis: {labelAngle: 0}};
    var spec = {
      description: "The share of each year's articles that use " + term + "; a partial year names its issues.",
      config: {font: "Noto Sans CJK SC"},
      data: {values: years}, width: Math.min(width(node), 420), height: 130,
      layer: [{
        mark: {type: "bar", color: "#b22222"},
        encoding: {x: x, y: {field: "share", type: "quantitative", title: "share of the year's articles",
                             axis: {format: ".0%"}},
                   tooltip: [{field: "label", title: "year"}, {field: "using", title: "articles using it"},
                             {field: "articles", title: "articles printed"}, {field: "share", format: ".1%"}]}
      }, {
        transform: [{filter: "datum.partial"}],
        mark: {type: "text", dy: -6, fontSize: 9, color: "#444"},
        encoding: {x: x, y: {field: "share", type: "quantitative"}, text: {field: "partial"}}
      }]
    };
    return vegaEmbed(node, spec, {actions: false, renderer: "svg"});
  }

  function table(headers, rows, caption) {
    var t = el("table", undefined, "table term-explorer-table"), head = el("tr");
    if (caption) { t.appendChild(el("caption", caption)); }
    headers.forEach(function (h) { var th = el("th", h); th.scope = "col"; head.appendChild(th); });
    var thead = el("thead"); thead.appendChild(head); t.appendChild(thead);
    var body = el("tbody");
    rows.forEach(function (row) {
      var tr = el("tr");
      row.forEach(function (cell) { tr.appendChild(el("td", String(cell))); });
      body.appendChild(tr);
    });
    t.appendChild(body);
    var box = el("div", undefined, "pst-scrollable-table-container");  // a wide table scrolls, the page does not
    box.appendChild(t);
    return box;
  }

  function details(id, term, rows, years) {
    var out = box.querySelector(".term-explorer-details");
    out.textContent = "";
    var bursts = index.bursts[id] || [];
    var pick = box.querySelector(".term-explorer-pick");
    pick.textContent = "";
    pick.appendChild(linesPicker(id, term, rows));
    out.appendChild(el("h3", "Bursts", "term-explorer-heading"));
    out.appendChild(bursts.length ? table(["From", "To", "Weight", "Rise (log2)"], bursts.map(function (b) {
      return [index.issues[b[0]], index.issues[b[1]], b[2], b[3]];
    })) : el("p", "No burst: no run of issues in which clearly more of the articles use it."));

    var cells = decode(index.by_province[id]), provinces = [];
    Object.keys(cells).forEach(function (n) {
      var printed = index.province_articles[n];
      provinces.push([index.provinces[n], index.province_names[n], cells[n][0], printed,
                      printed ? percent(cells[n][0] / printed) : "", printed < 10 ? "fewer than 10 articles" : ""]);
    });
    provinces.sort(function (a, b) { return b[2] - a[2] || (a[0] < b[0] ? -1 : 1); });
    out.appendChild(el("h3", "Top provinces", "term-explorer-heading"));
    if (provinces.length) {
      var shown = provinces.slice(0, 8), t = table(["Province", "In English", "Articles using it", "Articles", "Share",
                                                     "Caution", "Lines"], shown.map(function (p) {
        return p.concat([""]);
      }));
      Array.prototype.forEach.call(t.querySelectorAll("tbody tr"), function (tr, n) {
        var province = shown[n][0], button = el("button", "Read", "term-explorer-read");
        button.type = "button";
        button.setAttribute("aria-label", "Read the lines of " + term + " by authors from " + shown[n][1]);
        button.addEventListener("click", function () {
          showLines(id, term, shown[n][1] + " (" + province + ")", function (a) { return a[4] === province; });
        });
        tr.lastChild.appendChild(button);
      });
      out.appendChild(t);
    } else {
      out.appendChild(el("p", "No article with a province uses it."));
    }

    var collocates = index.collocates[id];
    out.appendChild(el("h3", "Collocates", "term-explorer-heading"));
    out.appendChild(collocates ? table(["Word near it (five words either side)", "Uses near it", "G²"], collocates)
                               : el("p", "Collocates are stored for the registry's slogans; for any other term, " +
                                         "run python -m analysis collocates " + term + "."));

    var byYear = el("details", undefined, "chart-data");
    byYear.appendChild(el("summary", "The charts' data as a table, year by year"));
    byYear.appendChild(table(["Year", "Issues", "Articles", "Using it", "Share", "Uses"], years.map(function (y) {
      return [y.year, y.issues, y.articles, y.using, y.share === null ? "" : percent(y.share), y.uses];
    })));
    out.appendChild(byYear);
  }

  function fetched(name) {  // a file of the concordance, each fetched once
    if (!cache[name]) {
      cache[name] = fetch(root + settings.lines + name).then(function (r) {
        if (!r.ok) { throw new Error(r.status + " " + r.statusText); }
        return r.json();
      });
    }
    return cache[name];
  }

  function positions(runs) {  // "step,step,..." → article positions
    var at = 0;
    return runs ? runs.split(",").map(function (step) { at += Number(step); return at; }) : [];
  }

  function source(a) {  // an article's title (linked), issue, author's post and province
    var p = el("p", undefined, "term-explorer-source");
    var title = a[5] ? el("a", a[1] || a[0]) : el("span", a[1] || a[0]);
    if (a[5]) { title.href = a[5]; title.rel = "noopener"; }
    title.lang = "zh-CN";
    p.appendChild(title);
    p.appendChild(document.createTextNode(" · " + a[2] + (a[3] ? " · " + a[3] : "") + (a[4] ? " · " + a[4] : "")));
    return p;
  }

  function showLines(id, term, where, keep) {  // keep(article) says whether an article is in the clicked point
    var out = box.querySelector(".term-explorer-lines"), word = index.sources[id] === "w";
    out.textContent = "";
    out.appendChild(el("h3", (word ? "Articles: " : "Lines: ") + term + " in " + where, "term-explorer-heading"));
    var waiting = el("p", "Loading…");
    out.appendChild(waiting);
    var needed = [fetched("articles.json"),
                  fetched(word ? "words/" + Math.floor(id / settings.word_shard) + ".json" : "lines/" + id + ".json")];
    Promise.all(needed).then(function (loaded) {
      var articles = loaded[0], ol = el("ol", undefined, "term-explorer-kwic");
      if (word) {
        var chosen = positions(loaded[1][id]).filter(function (n) { return keep(articles[n]); });
        waiting.textContent = chosen.length + " article" + (chosen.length === 1 ? "" : "s") + " (up to " +
          settings.words_per_issue + " per issue are kept for a word). Lines are stored for the registry's slogans " +
          "and the discovered formulations; for a word, python -m analysis kwic --corpus journal " + term +
          " lists them all.";
        chosen.forEach(function (n) { var li = el("li"); li.appendChild(source(articles[n])); ol.appendChild(li); });
      } else {
        var list = (loaded[1] || []).filter(function (line) { return keep(articles[line[0]]); });
        waiting.textContent = list.length + " article" + (list.length === 1 ? "" : "s") + " (each article's first " +
          "use; up to " + settings.lines_per_issue + " articles per issue are kept):";
        list.forEach(function (line) {
          var li = el("li"), quote = el("p", undefined, "term-explorer-line");
          quote.lang = "zh-CN";
          quote.appendChild(document.createTextNode(line[1]));
          quote.appendChild(el("mark", line[2]));
          quote.appendChild(document.createTextNode(line[3]));
          li.appendChild(quote);
          li.appendChild(source(articles[line[0]]));
          ol.appendChild(li);
        });
      }
      out.appendChild(ol);
      out.focus();
    }).catch(function (error) {
      waiting.textContent = "The lines could not be loaded (" + error.message + ").";
    });
  }

  function linesPicker(id, term, rows) {  // the keyboard's way to a point: an issue, or a province
    var form = el("form", undefined, "term-explorer-picker");
    var label = el("label", "Read its lines in the issue ");
    var select = el("select");
    select.id = "term-explorer-issue";
    label.htmlFor = select.id;
    rows.filter(function (r) { return r.using > 0; }).forEach(function (r) {
      var option = el("option", r.issue + " (" + r.using + " of " + r.articles + " articles)");
      option.value = r.issue;
      select.appendChild(option);
    });
    var button = el("button", "Show the lines");
    button.type = "submit";
    form.appendChild(label); form.appendChild(select); form.appendChild(document.createTextNode(" "));
    form.appendChild(button);
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var issue = select.value;
      showLines(id, term, "the issue " + issue, function (a) { return a[2] === issue; });
    });
    return form;
  }

  function show(term) {
    term = (term || "").trim();
    if (!term || !index) { return; }
    var id = ids.get(term);
    var issuesNode = box.querySelector(".term-explorer-issues"), yearsNode = box.querySelector(".term-explorer-years");
    if (id === undefined) {
      issuesNode.textContent = ""; yearsNode.textContent = "";
      box.querySelector(".term-explorer-details").textContent = "";
      box.querySelector(".term-explorer-lines").textContent = "";
      box.querySelector(".term-explorer-pick").textContent = "";
      status.textContent = "「" + term + "」 is not in the index (terms that at least two counted articles use), " +
        "and the journal's text is not shipped with the book: python -m analysis kwic --corpus journal " + term +
        " counts it.";
      return;
    }
    var rows = issueRows(id), years = yearRows(rows);
    var using = rows.reduce(function (s, r) { return s + r.using; }, 0);
    var uses = rows.reduce(function (s, r) { return s + r.uses; }, 0);
    var gloss = index.glosses[id] ? " (" + index.glosses[id] + ")" : "";
    status.textContent = term + gloss + ": " + uses + " uses in " + using + " of the journal's counted articles" +
      (using === 1 ? " (one article: not a trend)" : "") + ".";
    current = id;
    box.querySelector(".term-explorer-lines").textContent = "";
    issueChart(term, rows, issuesNode).then(function (result) {
      result.view.addEventListener("click", function (event, item) {
        var datum = item && item.datum;
        if (datum && datum.issue && datum.using > 0 && current === id) {
          showLines(id, term, "the issue " + datum.issue, function (a) { return a[2] === datum.issue; });
        }
      });
    });
    yearChart(term, years, yearsNode);
    details(id, term, rows, years);
  }

  form.addEventListener("submit", function (event) { event.preventDefault(); show(input.value); });
  input.addEventListener("change", function () { if (ids && ids.has(input.value.trim())) { show(input.value); } });

  fetch(root + settings.index).then(function (response) {
    if (!response.ok) { throw new Error(response.status + " " + response.statusText); }
    return response.json();
  }).then(function (data) {
    index = data;
    ids = new Map(index.terms.map(function (term, n) { return [term, n]; }));
    show(input.value || settings.first);
  }).catch(function (error) {
    status.textContent = "The index could not be loaded (" + error.message + "): rebuild the book with make book.";
  });
})();
