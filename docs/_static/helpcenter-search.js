/* Search as you type, in the browser, in the page's language.
 *
 * search-loader.js loads this file the first time a reader focuses a search
 * field (at once on the search page); this file then loads the small manifest
 * (_static/search-index.json: stop words, entry count, shard names) and the
 * stemmer (Sphinx's Snowball stemmer for the language, _static/search-stemmer.js),
 * so pages that are only read download none of them. A query then fetches
 * only the term shards of its words (_static/search/t/<first letters>.json)
 * and the entries of the results it shows (_static/search/d/<n>.json), so a
 * search costs the same on a site of any size. Queries never leave the device.
 * Matching repeats the indexer's steps (src/helpcenter/sphinxext/search_index.py):
 * fold accents, split on anything that is not a letter or digit (which drops
 * French elisions such as l'), drop stop words, stem. A word that is not in
 * the index may still match a word one typo away (in its own shard, or, for a
 * typo among the first letters that name the shard, in the shards of those
 * letters swapped or dropped), and the last word typed matches as a prefix.
 * Results are built with DOM text nodes only: a query is never parsed as HTML.
 */
(function () {
  "use strict";

  var script = document.currentScript;
  var config = script.dataset;
  var index = null;
  var loading = null;
  var base = config.index.replace(/[^/]*$/, "") + "search/";
  var files = {}; // address: promise of its JSON, each fetched once per page

  function fold(text) {
    return text.toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "");
  }

  function words(text) {
    return fold(text).match(/[a-z0-9]+/g) || [];
  }

  function loadScript(src) {
    return new Promise(function (resolve, reject) {
      var element = document.createElement("script");
      element.src = src;
      element.onload = resolve;
      element.onerror = function () { reject(new Error("cannot load " + src)); };
      document.head.appendChild(element);
    });
  }

  function getJSON(url) {
    if (!files[url]) {
      // The index changes with every edit: revalidate it rather than trust a cached copy.
      files[url] = fetch(url, { cache: "no-cache" }).then(function (response) {
        if (!response.ok) throw new Error("cannot load " + url);
        return response.json();
      });
      files[url].catch(function () { delete files[url]; }); // a later keystroke retries
    }
    return files[url];
  }

  function load() {
    if (!loading) {
      loading = Promise.all([getJSON(config.index), loadScript(config.stemmer)]).then(function (loaded) {
        index = loaded[0];
        index.stop = new Set(index.stopwords);
        index.keys = new Set(index.shards.split(" "));
        // The terms of the shards loaded so far; no prototype, so "constructor" is just a word.
        index.terms = Object.create(null);
        index.vocabularies = Object.create(null); // shard key: its terms
        return index;
      });
      loading.catch(function () { loading = null; });
    }
    return loading;
  }

  function shardOf(term) {
    return term.slice(0, index.key);
  }

  // The shards a term's word and stem name (a typo after their first letters is in them).
  function ownKeys(term) {
    return [shardOf(term.stem), shardOf(term.word)];
  }

  // A typo among the first letters names another shard: the shards of the word with
  // two of its first letters swapped or one of them dropped, fetched only for a
  // word that matched nothing in its own.
  function typoKeys(term) {
    var w = term.word, keys = [];
    for (var i = 0; i < index.key; i++) {
      keys.push(shardOf(w.slice(0, i) + w.slice(i + 1)));
      if (i + 1 < w.length) keys.push(shardOf(w.slice(0, i) + w[i + 1] + w[i] + w.slice(i + 2)));
    }
    return keys;
  }

  // Fetch the shards named (those that exist) and merge their terms into index.terms.
  function loadShards(names) {
    var keys = new Set(names.filter(function (key) { return index.keys.has(key); }));
    return Promise.all(Array.from(keys).map(function (key) {
      return getJSON(base + "t/" + key + ".json").then(function (shard) {
        if (!index.vocabularies[key]) {
          var terms = Object.keys(shard);
          terms.forEach(function (t) { index.terms[t] = shard[t]; });
          // Words only: a pair ("smart dns") is looked up whole, never a prefix or typo match.
          index.vocabularies[key] = terms.filter(function (t) { return t.indexOf(" ") < 0; });
        }
      });
    })).then(function () { return index.vocabularies; });
  }

  // What a pair of words in a row adds, against one of its words alone: pairs are
  // rare, so their idf is high already.
  var PAIR = 0.5;

  function idf(term) {
    return Math.log(1 + index.count / (index.terms[term].length / 2));
  }

  function queryTerms(query) {
    var all = words(query).filter(function (w) { return w.length > 1; });
    var kept = all.filter(function (w) { return !index.stop.has(w); });
    return (kept.length ? kept : all).map(function (w) {
      return { word: w, stem: window.helpcenterStem(w) };
    });
  }

  // Damerau-Levenshtein distance, stopping early once it exceeds 1.
  function withinOneEdit(a, b) {
    if (Math.abs(a.length - b.length) > 1) return false;
    var i = 0;
    while (i < a.length && i < b.length && a[i] === b[i]) i++;
    if (i === a.length || i === b.length) return Math.abs(a.length - b.length) <= 1;
    var restA = a.slice(i + 1), restB = b.slice(i + 1);
    return (
      restA === restB || // substitution
      a.slice(i) === b.slice(i + 1) || // insertion in b
      a.slice(i + 1) === b.slice(i) || // deletion from b
      (a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2)) // transposition
    );
  }

  // The index terms a query word stands for, each with how much it counts:
  // prefix and typo matches look in the shards of the word and its stem.
  function candidates(term, isLast, vocabulary) {
    var found = [];
    var near = [];
    new Set(ownKeys(term).concat(term.typos || [])).forEach(function (key) {
      near = near.concat(vocabulary[key] || []);
    });
    if (index.terms[term.stem]) found.push([term.stem, 1]);
    if (term.word !== term.stem && index.terms[term.word]) found.push([term.word, 1]);
    if (isLast && term.word.length >= 3) {
      near.forEach(function (t) {
        if (t !== term.stem && t !== term.word && t.lastIndexOf(term.word, 0) === 0) found.push([t, 0.7]);
      });
    }
    if (!found.length && term.stem.length >= 4) {
      near.forEach(function (t) {
        if (withinOneEdit(term.stem, t) || withinOneEdit(term.word, t)) found.push([t, 0.6]);
        // A misspelt ending ("remboursemnt") still starts with a known stem.
        else if (t.length >= 5 && term.word.lastIndexOf(t, 0) === 0) found.push([t, 0.5]);
      });
    }
    return found;
  }

  // Ranked entry numbers for a query, from the shards it needs.
  function rank(terms) {
    var last = terms.length - 1;
    return loadShards([].concat.apply([], terms.map(ownKeys))).then(function (vocabulary) {
      var lost = terms.filter(function (term, position) {
        return term.stem.length >= 4 && !candidates(term, position === last, vocabulary).length;
      });
      lost.forEach(function (term) { term.typos = typoKeys(term); });
      return lost.length ? loadShards([].concat.apply([], lost.map(typoKeys))) : vocabulary;
    }).then(function (vocabulary) {
      var scores = {}, matched = {}, stems = [];
      // Each entry's best score for a term among its candidates ([term, factor]).
      function best(found) {
        var top = {};
        found.forEach(function (candidate) {
          var postings = index.terms[candidate[0]], weight = idf(candidate[0]) * candidate[1];
          // Postings are [gap to the previous entry, weight x 10, ...].
          for (var i = 0, doc = 0; i < postings.length; i += 2) {
            doc += postings[i];
            var score = postings[i + 1] * weight;
            if (!(top[doc] >= score)) top[doc] = score;
          }
        });
        return top;
      }
      var found = terms.map(function (term, position) { return candidates(term, position === last, vocabulary); });
      found.forEach(function (list) {
        var top = best(list);
        list.forEach(function (candidate) { stems.push(candidate[0]); });
        Object.keys(top).forEach(function (doc) {
          scores[doc] = (scores[doc] || 0) + top[doc];
          matched[doc] = (matched[doc] || 0) + 1;
        });
      });
      // Two query words in a row that a title or keyword phrase has in a row ("smart
      // dns"): the pair is a term of the first word's shard, loaded already.
      for (var p = 0; p < last; p++) {
        var pairs = [];
        found[p].forEach(function (left) {
          found[p + 1].forEach(function (right) {
            var pair = left[0] + " " + right[0];
            if (index.terms[pair]) pairs.push([pair, Math.min(left[1], right[1]) * PAIR]);
          });
        });
        var top = best(pairs);
        // Only for entries its words matched (a pair never stands for its words).
        Object.keys(top).forEach(function (doc) { if (doc in scores) scores[doc] += top[doc]; });
      }
      var ranked = Object.keys(scores).map(function (doc) {
        var coverage = matched[doc] / terms.length;
        return [+doc, scores[doc] * coverage * coverage];
      });
      // Ties go to the earlier entry: pages in order, a page before its questions.
      ranked.sort(function (a, b) { return b[1] - a[1] || a[0] - b[0]; });
      return { stems: stems, ranked: ranked };
    });
  }

  // The entries (url, title, breadcrumb, snippet) of the results shown, by chunk.
  function entries(numbers) {
    return Promise.all(numbers.map(function (n) {
      return getJSON(base + "d/" + Math.floor(n / index.chunk) + ".json").then(function (chunk) {
        var entry = chunk[n % index.chunk];
        return { url: entry[0], title: entry[1], crumb: entry[2], snippet: entry[3] };
      });
    }));
  }

  function search(query, limit) {
    return load().then(function () {
      var terms = queryTerms(query);
      if (!terms.length) return { terms: [], results: [] };
      return rank(terms).then(function (found) {
        var top = found.ranked.slice(0, limit || 8);
        return entries(top.map(function (r) { return r[0]; })).then(function (results) {
          results.forEach(function (result, i) { result.score = top[i][1]; });
          return { terms: found.stems, results: results };
        });
      });
    });
  }

  // Text with the words that matched wrapped in <mark>, as DOM nodes.
  function highlighted(text, stems) {
    var fragment = document.createDocumentFragment();
    var wanted = new Set(stems);
    var parts = text.split(/([\p{L}\p{N}]+)/u);
    parts.forEach(function (part) {
      var folded = fold(part);
      if (part && /[\p{L}\p{N}]/u.test(part) && (wanted.has(window.helpcenterStem(folded)) || wanted.has(folded))) {
        var mark = document.createElement("mark");
        mark.textContent = part;
        fragment.appendChild(mark);
      } else if (part) {
        fragment.appendChild(document.createTextNode(part));
      }
    });
    return fragment;
  }

  // A result's address, with the matched terms for the page to mark (search-highlight.js).
  function resultUrl(result, stems) {
    var url = new URL(config.root + result.url, location.href);
    var terms = stems.filter(function (t) { return t.indexOf(" ") < 0; });
    if (terms.length) url.searchParams.set("highlight", Array.from(new Set(terms)).join(" "));
    return url.href;
  }

  function link(href, text) {
    var a = document.createElement("a");
    a.href = href;
    a.textContent = text;
    return a;
  }

  // The results of the longest start of word (at least 3 letters, at most 60 % of it) that has any.
  function nearest(word) {
    function attempt(length) {
      if (length < 3) return Promise.resolve({ terms: [], results: [] });
      return search(word.slice(0, length), 3).then(function (found) {
        return found.results.length ? found : attempt(length - 1);
      });
    }
    return attempt(Math.floor(word.length * 0.6)).catch(function () { return { terms: [], results: [] }; });
  }

  // Nothing matched: the questions nearest the words typed, then the channel chooser
  // and the questions' index.
  function suggest(none, query, current) {
    none.textContent = "";
    var tries = words(query).filter(function (w) { return w.length >= 5; }).slice(0, 3).map(nearest);
    return Promise.all(tries).then(function (all) {
      if (!current()) return; // a newer keystroke wins
      var seen = new Set(), near = [];
      all.forEach(function (found) {
        found.results.forEach(function (result) {
          if (!seen.has(result.url) && near.length < 3) { seen.add(result.url); near.push(result); }
        });
      });
      if (near.length) {
        var title = document.createElement("p");
        title.className = "search-none-title";
        title.textContent = config.labelClosest;
        var closest = document.createElement("ul");
        near.forEach(function (result) {
          var item = document.createElement("li");
          item.appendChild(link(config.root + result.url, result.title));
          closest.appendChild(item);
        });
        none.appendChild(title);
        none.appendChild(closest);
      }
      var routes = document.createElement("ul");
      [[config.chooser, config.labelChooser], [config.faq, config.labelFaq]].forEach(function (route) {
        var item = document.createElement("li");
        item.appendChild(link(route[0], route[1]));
        routes.appendChild(item);
      });
      none.appendChild(routes);
    });
  }

  function render(list, status, found) {
    list.textContent = "";
    found.results.forEach(function (result) {
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = resultUrl(result, found.terms);
      var title = document.createElement("span");
      title.className = "search-result-title";
      title.appendChild(highlighted(result.title, found.terms));
      link.appendChild(title);
      if (result.crumb) {
        var crumb = document.createElement("span");
        crumb.className = "search-result-crumb";
        crumb.textContent = result.crumb;
        link.appendChild(crumb);
      }
      if (result.snippet) {
        var snippet = document.createElement("span");
        snippet.className = "search-result-snippet";
        snippet.appendChild(highlighted(result.snippet, found.terms));
        link.appendChild(snippet);
      }
      item.appendChild(link);
      list.appendChild(item);
    });
    var count = found.results.length;
    status.textContent = count === 0 ? config.labelNone : count === 1 ? config.labelOne : config.labelMany.replace("%d", count);
  }

  function attach(form) {
    var input = form.querySelector("input[type=search]");
    var list = form.querySelector(".search-results");
    var status = form.querySelector(".search-status");
    var panel = form.querySelector(".search-panel");
    var none = form.querySelector(".search-none");
    var limit = parseInt(form.dataset.limit || "8", 10);
    var onPage = form.hasAttribute("data-search-page");

    function open(shown) {
      panel.classList.toggle("is-open", shown);
    }

    function update() {
      var query = input.value.trim();
      if (onPage) {
        var url = new URL(location.href);
        url.searchParams.set("q", query);
        history.replaceState(null, "", url);
      }
      if (!query) {
        list.textContent = "";
        list.hidden = true;
        none.textContent = "";
        none.hidden = true;
        status.textContent = "";
        open(false);
        return;
      }
      search(query, limit).then(function (found) {
        if (input.value.trim() !== query) return; // a newer keystroke wins
        render(list, status, found);
        list.hidden = !found.results.length;
        none.hidden = !!found.results.length;
        open(true);
        if (!found.results.length) return suggest(none, query, function () { return input.value.trim() === query; });
      }).catch(function () {
        status.textContent = config.labelError;
        open(true);
      });
    }

    input.addEventListener("focus", function () { load().catch(function () {}); });
    input.addEventListener("input", update);
    input.addEventListener("keydown", function (event) {
      var first = list.querySelector("a");
      if (event.key === "ArrowDown" && first && !list.hidden) {
        event.preventDefault();
        first.focus();
      } else if (event.key === "Escape" && !onPage) {
        input.value = "";
        update();
      }
    });
    // The panel overlays the page: it closes when the keyboard leaves the form or the reader
    // presses elsewhere (not on blur alone: a tap on a result blurs the field before its click),
    // and opens again on return.
    form.addEventListener("focusout", function (event) {
      if (!onPage && event.relatedTarget && !form.contains(event.relatedTarget)) open(false);
    });
    document.addEventListener("pointerdown", function (event) {
      if (!onPage && !form.contains(event.target)) open(false);
    });
    input.addEventListener("focus", function () {
      if (input.value.trim() && status.textContent) open(true);
    });
    list.addEventListener("keydown", function (event) {
      var links = Array.prototype.slice.call(list.querySelectorAll("a"));
      var at = links.indexOf(document.activeElement);
      if (event.key === "ArrowDown" && at < links.length - 1) {
        event.preventDefault();
        links[at + 1].focus();
      } else if (event.key === "ArrowUp") {
        event.preventDefault();
        (at > 0 ? links[at - 1] : input).focus();
      } else if (event.key === "Escape") {
        input.focus();
        if (!onPage) open(false);
      }
    });
    if (onPage) {
      var query = new URLSearchParams(location.search).get("q");
      if (query) {
        input.value = query;
        update();
      }
    }
  }

  window.helpcenterSearch = {
    ready: function () { return load(); },
    search: function (query, limit) { return search(query, limit); },
  };

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll("form[data-search-form]"), attach);
    // Whatever was typed while this file was loading.
    var active = document.activeElement;
    if (active && active.form && active.form.hasAttribute("data-search-form")) {
      load().catch(function () {});
      if (active.value.trim()) active.dispatchEvent(new Event("input"));
    }
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
