/*
 * exchange-record: Material's search in two steps (site/searchindex.py `split_entries`).
 *
 * A served site's `search/search_index.json` holds every page but the fact pages in
 * full, and of each fact page its address, title and the digits of the numbers in its
 * title: a reader's browser downloads that much before the first result. This worker
 * runs Material's own (named by `?material=` in its address, from the same folder),
 * hands it that index, then fetches `search/search_index_rest.json` (each fact page's
 * entries in full), hands Material the whole index and runs the reader's last query
 * again: quotes, notes and sources are found once it has arrived. If it cannot be
 * fetched, search goes on with the first part.
 *
 * Offline (file://) sites keep one index and Material's worker: nothing is downloaded.
 */
(function () {
  "use strict";
  var SETUP = 0, READY = 1, QUERY = 2;
  var material = new URL(self.location.href).searchParams.get("material") || "";
  if (!/^search\.[0-9a-f]+\.min\.js$/.test(material)) {
    throw new Error("exchange-record search: no Material worker named");
  }

  // Material's worker listens with `addEventListener("message", …)` and answers with
  // `postMessage`: its listener is kept to hand it messages, its answers pass through.
  var listeners = [];
  var listen = self.addEventListener;
  self.addEventListener = function (type, listener, options) {
    if (type === "message") listeners.push(listener);
    else listen.call(self, type, listener, options);
  };
  importScripts(material);
  self.addEventListener = listen;

  var post = self.postMessage;
  var setup = null;      // the first SETUP's data: config, docs, options
  var query = null;      // the reader's last query
  var readies = 0;
  self.postMessage = function (message) {
    if (message && message.type === READY && ++readies > 1) {
      // The whole index is ready: the page heeds only the first READY, so instead the
      // reader's last query runs again, and its results replace the first part's.
      if (query !== null) give({ type: QUERY, data: query });
      return;
    }
    post.apply(self, arguments);
  };

  function give(message) {
    for (var i = 0; i < listeners.length; i++) listeners[i]({ data: message });
  }

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

  function fetchRest() {
    var url = new URL("../../../search/search_index_rest.json", self.location.href);
    fetch(url.href)
      .then(function (response) {
        if (!response.ok) throw new Error(response.status + " " + url.href);
        return response.json();
      })
      .then(function (rest) {
        give({ type: SETUP, data: {
          config: setup.config, docs: joined(setup.docs, rest.docs || []), options: setup.options } });
      })
      .catch(function (error) {
        console.warn("exchange-record search: quotes and notes not searchable:", error);
      });
  }

  listen.call(self, "message", function (event) {
    var message = event.data;
    if (message && message.type === SETUP && setup === null) {
      setup = message.data;
      give(message);
      fetchRest();
      return;
    }
    if (message && message.type === QUERY) query = message.data;
    give(message);
  });
})();
