// The admin's WordPress import progress page: figures refreshed every second; the page reloads
// (to show the summary) once the import has ended. Without JavaScript a <meta> refresh does it.
(function () {
  "use strict";
  var main = document.querySelector("[data-progress-url]");
  if (!main) {
    return;
  }
  var url = main.getAttribute("data-progress-url");
  var bar = document.getElementById("import-progress");
  var percent = document.getElementById("import-percent");

  function show(data) {
    if (data.finished) {
      window.location.reload();
      return;
    }
    if (data.phase === "media") {
      var label = document.getElementById("import-phase");
      label.textContent = label.getAttribute("data-media");
    }
    bar.max = data.total;
    bar.value = data.done;
    bar.textContent = data.percent + " %";
    percent.textContent = data.percent + " %";
    main.querySelectorAll("[data-count]").forEach(function (cell) {
      var name = cell.getAttribute("data-count");
      cell.textContent = name === "media" ? data.media + " / " + data.media_total : data[name];
    });
    window.setTimeout(poll, 1000);
  }

  function poll() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) {
          throw new Error(response.status);
        }
        return response.json();
      })
      .then(show)
      .catch(function () {
        window.setTimeout(poll, 5000);
      });
  }

  window.setTimeout(poll, 1000);
})();
