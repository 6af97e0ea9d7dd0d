/* The "compare two groups" menu (book/terms.md; served as _vendor/compare-menu.js): the reader picks group A and
   group B, and the table shows the words that set them apart, from the comparisons in the page's JSON. */
(function () {
  "use strict";
  var box = document.querySelector(".compare-menu");
  if (!box) { return; }
  var data = JSON.parse(box.querySelector(".compare-menu-data").textContent);
  var pickA = box.querySelector("#compare-menu-a"), pickB = box.querySelector("#compare-menu-b");
  var status = box.querySelector(".compare-menu-status"), result = box.querySelector(".compare-menu-result");
  var kinds = {};
  data.groups.forEach(function (group) { kinds[group[0]] = group[1]; });
  var headers = ["Word", "Uses in A", "Uses in B", "Articles in A", "Articles in B", "G²", "Log ratio", "Note"];

  function fillB(keep) {  // B: the groups of A's kind, then the rest of the journal
    var a = pickA.value, choices = data.groups.filter(function (g) { return g[1] === kinds[a] && g[0] !== a; })
      .map(function (g) { return g[0]; }).concat([data.rest]);
    pickB.textContent = "";
    choices.forEach(function (label) {
      var option = document.createElement("option");
      option.value = label; option.textContent = label;
      pickB.appendChild(option);
    });
    pickB.value = choices.indexOf(keep) >= 0 ? keep : choices[0];
  }

  function cell(row, tag, text, numeric) {
    var node = document.createElement(tag);
    node.textContent = text;
    if (numeric) { node.style.textAlign = "right"; }
    row.appendChild(node);
  }

  function show() {
    var a = pickA.value, b = pickB.value, rows = data.pairs[a + "|" + b];
    status.textContent = rows ? "Group A, " + a + ", against group B, " + b + ": the words each uses most over " +
      "the other (positive G²: A uses it more)." : "No word sets " + a + " apart from " + b +
      " (or a group holds no article).";
    var table = document.createElement("table");
    table.className = "table compare-menu-table";
    var head = document.createElement("tr");
    headers.forEach(function (h) { cell(head, "th", h); });
    var thead = document.createElement("thead");
    thead.appendChild(head);
    table.appendChild(thead);
    var body = document.createElement("tbody");
    (rows || []).forEach(function (r) {
      var tr = document.createElement("tr");
      cell(tr, "td", r[0]);
      for (var n = 1; n <= 6; n++) { cell(tr, "td", String(r[n]), true); }
      cell(tr, "td", r[7] ? "one article carries most of A's uses" : "");
      body.appendChild(tr);
    });
    table.appendChild(body);
    result.textContent = "";
    result.appendChild(table);
  }

  pickA.addEventListener("change", function () { fillB(pickB.value); show(); });
  pickB.addEventListener("change", show);
  fillB(pickB.value);
  show();
})();
