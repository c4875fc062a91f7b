/*
 * exchange-record's own script, on every page of a site built with the plugin
 * (theme/main.html loads it with `defer`). No library, no request, no inline
 * code: it runs under the pages' Content-Security-Policy (script-src 'self'),
 * served or opened from file://. Without it every page reads as before.
 *
 * 1. Filters on an index that asks for them. The page holds a marker, written
 *    by site/pages.py (`Renderer._filter_marker`) in classes and titles only,
 *    which the HTML allowlist keeps:
 *
 *      <div class="record-filter">
 *        <span class="record-filter-by-{from}-{key}[ record-filter-sort]" title="{label}"></span>…
 *        <span class="record-filter-say-{word}" title="{text}"></span>…
 *      </div>
 *
 *    `from` says where a row's values come from: `heading`, the h2 above its
 *    table; `column`, its cell in the column headed `label`; `row`, the titles
 *    of the row's `<span class="record-filter-row-{key}">` (values no column
 *    shows: a figure's direction, an event's month and places). `key` names the
 *    filter in the page's address (`?claimant=…&status=…`), so a filtered index
 *    can be linked and survives a reload. `sort`: options by name, else in the
 *    page's order. The `say` words are the page's language (all, none, count,
 *    reset, legend). The script replaces the marker's content with labelled
 *    selects, a reset button and a live count; the tables stay whole in the
 *    HTML, rows are only hidden.
 *
 * 2. The search box hears every input. Material reads the query on `keyup`,
 *    so text that arrives without a key (pasted from a menu, dictated, an input
 *    method's word, a phone keyboard's suggestion) was never searched: the box
 *    kept saying "Type to start searching". That is how a Cyrillic word pasted
 *    into the box found nothing. Each `input` is passed on as a `keyup`;
 *    Material ignores a value it has already searched.
 *
 * With Material's instant navigation (not on in this project's mkdocs.yml) the
 * page's content is swapped without a reload; `document$` emits each new page.
 */
(function () {
  "use strict";

  var P = "record-filter";
  var NONE = "-";  // the option value of "not stated"
  var BY = new RegExp("(?:^|\\s)" + P + "-by-(heading|column|row)-([a-z0-9-]+)(?:\\s|$)");
  var SAY = new RegExp("(?:^|\\s)" + P + "-say-([a-z]+)(?:\\s|$)");
  var heard = [];

  function each(list, fn) {
    Array.prototype.forEach.call(list, fn);
  }

  function textOf(el, drop) {
    var copy = el.cloneNode(true);
    if (drop)
      each(copy.querySelectorAll(drop), function (x) { x.parentNode.removeChild(x); });
    return (copy.textContent || "").replace(/\s+/g, " ").trim();
  }

  function element(tag, attributes, text) {
    var el = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (name) { el.setAttribute(name, attributes[name]); });
    if (text !== undefined)
      el.textContent = text;
    return el;
  }

  /* --- 2. the search box --------------------------------------------------- */

  function hearSearchInput() {
    var box = document.querySelector("input[data-md-component=search-query]");
    if (!box || heard.indexOf(box) >= 0)
      return;
    heard.push(box);
    box.addEventListener("input", function () {
      box.dispatchEvent(new KeyboardEvent("keyup", { bubbles: true }));
    });
  }

  /* --- 1. the filters ------------------------------------------------------ */

  /* The child of `article` that holds `el` (a table sits in Material's wrappers). */
  function blockOf(el, article) {
    while (el.parentElement && el.parentElement !== article)
      el = el.parentElement;
    return el;
  }

  /* The h2 a block stands under, if any (an h1 first: none). */
  function headingOf(block) {
    for (var el = block.previousElementSibling; el; el = el.previousElementSibling)
      if (/^H[12]$/.test(el.tagName))
        return el.tagName === "H2" ? el : null;
    return null;
  }

  function readMarker(marker) {
    var specs = [];
    var say = { legend: "Filter", all: "All", none: "not stated", count: "Showing {shown} of {total}",
                reset: "Show all" };
    each(marker.querySelectorAll("span"), function (span) {
      var by = BY.exec(span.className);
      var word = SAY.exec(span.className);
      if (by && span.title)
        specs.push({ from: by[1], key: by[2], label: span.title, sort: span.classList.contains(P + "-sort") });
      else if (word && span.title)
        say[word[1]] = span.title;
    });
    return { specs: specs, say: say };
  }

  /* Every row of the tables after the marker, with its values for each filter. */
  function readRows(marker, article, specs) {
    var groups = [];
    each(article.querySelectorAll("table"), function (table) {
      if (!(marker.compareDocumentPosition(table) & Node.DOCUMENT_POSITION_FOLLOWING) || !table.tBodies.length)
        return;
      var headers = Array.prototype.map.call(table.querySelectorAll("thead th"), function (th) {
        return textOf(th);
      });
      var block = blockOf(table, article);
      var heading = headingOf(block);
      var headingText = heading ? textOf(heading, ".headerlink") : "";
      var group = { block: block, heading: heading, rows: [] };
      each(table.tBodies[0].rows, function (tr) {
        var values = {};
        specs.forEach(function (spec) {
          var found = [];
          if (spec.from === "heading") {
            found.push(headingText);
          } else if (spec.from === "column") {
            var i = headers.indexOf(spec.label);
            if (i >= 0 && tr.cells[i])
              found.push(textOf(tr.cells[i], "small, [class*='" + P + "-row-']"));
          } else {
            each(tr.querySelectorAll("." + P + "-row-" + spec.key), function (span) {
              found.push(span.title.replace(/\s+/g, " ").trim());
            });
          }
          found = found.filter(Boolean);
          values[spec.key] = found.length ? found : [NONE];
        });
        group.rows.push({ tr: tr, values: values });
      });
      if (group.rows.length)
        groups.push(group);
    });
    return groups;
  }

  function optionsOf(spec, groups, lang) {
    var seen = [];
    groups.forEach(function (group) {
      group.rows.forEach(function (row) {
        row.values[spec.key].forEach(function (value) {
          if (value !== NONE && seen.indexOf(value) < 0)
            seen.push(value);
        });
      });
    });
    if (spec.sort)
      seen.sort(function (a, b) { return a.localeCompare(b, lang); });
    var hasNone = groups.some(function (group) {
      return group.rows.some(function (row) { return row.values[spec.key][0] === NONE; });
    });
    if (hasNone)
      seen.push(NONE);
    return seen;
  }

  function setUp(marker) {
    var article = marker.closest(".md-content__inner") || marker.parentElement;
    var read = readMarker(marker);
    var say = read.say;
    var groups = readRows(marker, article, read.specs);
    var total = groups.reduce(function (n, group) { return n + group.rows.length; }, 0);
    var lang = document.documentElement.lang || undefined;
    var specs = read.specs.filter(function (spec) {
      spec.options = optionsOf(spec, groups, lang);
      return spec.options.length > 1;  // one value for every row: nothing to choose
    });
    if (!specs.length || !total)
      return;

    var form = element("form", { "class": P + "__form" });
    var fieldset = element("fieldset");
    var fields = element("div", { "class": P + "__fields" });
    var selects = specs.map(function (spec) {
      var id = P + "-" + spec.key;
      var field = element("div", { "class": P + "__field" });
      var select = element("select", { id: id, name: spec.key });
      select.appendChild(element("option", { value: "" }, say.all));
      spec.options.forEach(function (value) {
        select.appendChild(element("option", { value: value }, value === NONE ? say.none : value));
      });
      field.appendChild(element("label", { "for": id }, spec.label));
      field.appendChild(select);
      fields.appendChild(field);
      return select;
    });
    var foot = element("div", { "class": P + "__foot" });
    var count = element("p", { "class": P + "__count", role: "status", "aria-live": "polite",
                               "aria-atomic": "true" });
    var reset = element("button", { type: "button", "class": "md-button " + P + "__reset" }, say.reset);
    fieldset.appendChild(element("legend", {}, say.legend));
    fieldset.appendChild(fields);
    foot.appendChild(count);
    foot.appendChild(reset);
    fieldset.appendChild(foot);
    form.appendChild(fieldset);

    function chosen() {
      var out = {};
      selects.forEach(function (select) {
        if (select.value)
          out[select.name] = select.value;
      });
      return out;
    }

    function apply() {
      var wanted = chosen();
      var keys = Object.keys(wanted);
      var shown = 0;
      groups.forEach(function (group) {
        var any = false;
        group.rows.forEach(function (row) {
          var keep = keys.every(function (key) { return row.values[key].indexOf(wanted[key]) >= 0; });
          row.tr.hidden = !keep;
          if (keep) {
            any = true;
            shown += 1;
          }
        });
        group.block.hidden = !any;
        if (group.heading)
          group.heading.hidden = !any;
      });
      count.textContent = say.count.replace("{shown}", String(shown)).replace("{total}", String(total));
      reset.disabled = !keys.length;
    }

    /* The choice in the page's address: a filtered index can be linked. */
    function remember() {
      var url = new URL(location.href);
      selects.forEach(function (select) {
        if (select.value)
          url.searchParams.set(select.name, select.value);
        else
          url.searchParams.delete(select.name);
      });
      try {
        history.replaceState(history.state, "", url.href);
      } catch (err) {  // a browser that keeps file:// addresses as they are
      }
    }

    function recall() {
      var params = new URL(location.href).searchParams;
      selects.forEach(function (select) {
        var value = params.get(select.name);
        select.value = value !== null && Array.prototype.some.call(select.options, function (o) {
          return o.value === value;
        }) ? value : "";
      });
    }

    form.addEventListener("submit", function (ev) { ev.preventDefault(); });
    form.addEventListener("change", function () {
      apply();
      remember();
    });
    reset.addEventListener("click", function () {
      selects.forEach(function (select) { select.value = ""; });
      apply();
      remember();
      selects[0].focus();  // the button just went disabled: keep the reader in the form
    });
    window.addEventListener("popstate", function () {
      if (document.contains(form)) {
        recall();
        apply();
      }
    });

    while (marker.firstChild)
      marker.removeChild(marker.firstChild);
    marker.appendChild(form);
    marker.classList.add(P + "--ready");
    recall();
    apply();
  }

  function start() {
    hearSearchInput();
    each(document.querySelectorAll("." + P + ":not(." + P + "--ready)"), setUp);
  }

  if (window.document$ && typeof window.document$.subscribe === "function")
    window.document$.subscribe(start);
  else if (document.readyState === "loading")
    document.addEventListener("DOMContentLoaded", start);
  else
    start();
})();
