/*
 * exchange-record: Material's search in two steps (site/searchindex.py `first_entries`).
 *
 * A served site's `search/search_index.json` holds every page but the fact pages in
 * full, and of each fact page its address, title and the digits of the numbers in its
 * title: a reader's browser downloads that much before the first result. The page runs
 * this worker in Material's worker's place; it runs Material's own (its file name is
 * written in below when the site is built) on that first part, and starts a second
 * worker of this script beside it, which fetches `search/search_index_rest.json` (each
 * fact page's entries whole) and builds the whole index, while the first keeps
 * answering. Once the whole index is ready, the reader's last query is answered from it,
 * and every query after it: quotes, notes and sources are found then. If the rest
 * cannot be fetched, search goes on with the first part (the console says why).
 *
 * A number typed as Ukrainian and Russian pages print it, its groups apart (`1 212`,
 * `10 000`), is searched as one (`1212`): Material searched `1*` and `212*`, which found
 * 47 pages on /uk/, every page with a number starting with 1, the 1,212 figures fifth and
 * sixth; as one it finds the 15 that print it, the figures first. Every grouped number of
 * the index has its digits-only form beside it (site/searchindex.py). Two numbers typed
 * with a space between them (`27 212`) are one number so written, as the pages write it:
 * searched as 27212. (Keeping the groups in the query beside the joined number, or
 * boosting it, gave back Material's ranking: tried.)
 *
 * Offline (file://) sites keep one index and Material's worker: nothing is downloaded.
 */
(function () {
  "use strict";
  var SETUP = 0, READY = 1, QUERY = 2, RESULT = 3;
  var WHOLE = 100;  // ours, to the worker beside: set up the whole index from this first part
  var MATERIAL = "@MATERIAL_WORKER@";  // Material's worker, in this folder (written in by the build)
  var REST = "../../../search/search_index_rest.json";

  // Material's worker listens with `addEventListener("message", …)` and answers with
  // `postMessage`: its listener is kept to hand it messages, its answers pass through.
  var listeners = [];
  var listen = self.addEventListener;
  self.addEventListener = function (type, listener, options) {
    if (type === "message") listeners.push(listener);
    else listen.call(self, type, listener, options);
  };
  importScripts(MATERIAL);
  self.addEventListener = listen;

  // A group of one to three digits at the start of a word (after a space, a quote or a
  // bracket: not `MH17 000`, not Material's `+1 212`), then groups of three after a space
  // (plain, no-break, thin or narrow no-break, as the index's separator cuts them), not
  // inside a longer number: `1 212` -> `1212`. Commas and full stops are left
  // alone: `1,212` is a word of the index as it is, and `1,500` is 1.5 in Ukrainian and
  // Russian.
  var GROUPED = /(^|[\s"'«(\[])(\d{1,3})((?:[ \u00a0\u2009\u202f]\d{3})+)(?![\d.,]?\d)/g;
  function joinedNumbers(text) {
    return typeof text !== "string" ? text : text.replace(GROUPED, function (all, before, head, groups) {
      return before + head + groups.replace(/\D/g, "");
    });
  }

  function give(message) {
    for (var i = 0; i < listeners.length; i++) listeners[i]({ data: message });
  }

  var post = self.postMessage;
  var setup = null;         // the first SETUP's data: config, docs, options
  var query = null;         // the reader's last query
  var beside = null;        // the worker that builds the whole index
  var besideReady = false;  // … and answers from now on
  var readies = 0;          // READYs of the Material run here
  var wholeHere = false;    // no worker beside: the whole index was set up here, after the first
  var askedSince = false;   // a query came after that

  self.postMessage = function (message) {
    if (message && message.type === READY && ++readies > 1) {
      // The whole index, set up here (no worker beside): the page heeds only the first
      // READY. Queries typed meanwhile are answered first; then, if none came, the
      // reader's last query is run again, so its results are the whole index's.
      wholeHere = true;
      setTimeout(function () {
        if (!askedSince && query !== null) give({ type: QUERY, data: query });
      }, 0);
      return;
    }
    post.apply(self, arguments);
  };

  // The first part's entry of a fact page is replaced by the page's entries in full,
  // where it stood: Material groups a page's sections after the page's own entry.
  function joined(first, rest) {
    var byPage = {};
    for (var i = 0; i < rest.length; i++) {
      var page = rest[i].location.split("#")[0];
      (byPage[page] = byPage[page] || []).push(rest[i]);
    }
    var docs = [];
    for (var j = 0; j < first.length; j++) {
      var full = byPage[first[j].location];
      if (full) {
        docs.push.apply(docs, full);
        delete byPage[first[j].location];
      } else {
        docs.push(first[j]);
      }
    }
    return docs;
  }

  function setUpWhole(first) {
    var url = new URL(REST, self.location.href);
    fetch(url.href)
      .then(function (response) {
        if (!response.ok) throw new Error(response.status + " " + url.href);
        return response.json();
      })
      .then(function (rest) {
        give({ type: SETUP, data: {
          config: first.config, docs: joined(first.docs, rest.docs || []), options: first.options } });
      })
      .catch(function (error) {
        console.warn("exchange-record search: quotes and notes are not searchable:", error);
      });
  }

  function startBeside() {
    try {
      beside = typeof Worker === "function" ? new Worker(self.location.href) : null;
    } catch (error) {
      beside = null;
    }
    if (beside === null) {  // a browser without workers in workers: the whole index built here
      setUpWhole(setup);
      return;
    }
    beside.onmessage = function (event) {
      var message = event.data;
      if (message && message.type === READY) {
        besideReady = true;
        if (query !== null) beside.postMessage({ type: QUERY, data: query });
      } else if (message && message.type === RESULT) {
        post.call(self, message);
      }
    };
    beside.onerror = function (error) {
      console.warn("exchange-record search: quotes and notes are not searchable:", error.message);
      beside = null;
    };
    beside.postMessage({ type: WHOLE, data: setup });
  }

  listen.call(self, "message", function (event) {
    var message = event.data;
    if (message && message.type === WHOLE) {  // this is the worker beside
      setUpWhole(message.data);
      return;
    }
    if (message && message.type === SETUP && setup === null) {
      setup = message.data;
      give(message);
      startBeside();
      return;
    }
    if (message && message.type === QUERY) {
      message = { type: QUERY, data: joinedNumbers(message.data) };
      query = message.data;
      if (beside !== null && besideReady) {
        beside.postMessage(message);
        return;
      }
      if (wholeHere) askedSince = true;
    }
    give(message);
  });
})();
