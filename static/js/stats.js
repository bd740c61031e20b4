/* Audience measurement without trackers: one beacon per page view, to this site only, with the
   page's path, the referrer and the words of a search on the site; clicks on outbound links send
   their address (the server keeps the host only). No cookie, no storage, nothing per reader.
   A page being prerendered is counted only when the reader actually opens it. */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || !navigator.sendBeacon) return;
  var endpoint = script.dataset.endpoint;

  function send(fields) {
    var body = new URLSearchParams(fields);
    body.set("p", location.pathname);
    navigator.sendBeacon(endpoint, body);
  }

  function countView() {
    var search = new URLSearchParams(location.search).get("s") || "";
    send({ r: document.referrer, s: search });
  }

  if (document.prerendering) {
    document.addEventListener("prerenderingchange", countView, { once: true });
  } else {
    countView();
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a[href]");
    if (!link || link.host === location.host || !/^https?:$/.test(link.protocol)) return;
    send({ o: link.href });
  });
})();
