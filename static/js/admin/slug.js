/* ASCII slugs as blog/slugs.py makes them (`L'été à Noël` gives `l-ete-a-noel`), filled in from the
   title while the slug was never typed, on the post and page forms. A slug already saved is left
   alone. No inline script (CSP script-src 'self'): the field names its source in data-slug-from. */
(function () {
  "use strict";

  var LIGATURES = {"œ": "oe", "æ": "ae", "ß": "ss", "ø": "o", "đ": "d", "ł": "l"};

  function asciiSlug(text) {
    return text.toLowerCase().replace(/[œæßøđł]/g, function (c) { return LIGATURES[c]; })
      .normalize("NFKD").replace(/[\u0300-\u036f]/g, "")
      .replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 200).replace(/-+$/, "");
  }

  function start() {
    document.querySelectorAll("input[data-slug-from]").forEach(function (slug) {
      var title = document.getElementById(slug.getAttribute("data-slug-from"));
      if (!title || slug.value) { return; }
      var slugTyped = false;
      slug.addEventListener("input", function () { slugTyped = slug.value !== ""; });
      title.addEventListener("input", function () {
        if (!slugTyped) { slug.value = asciiSlug(title.value); }
      });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
}());
