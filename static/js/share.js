/* "Copy link" on posts: copies the permalink instead of following it. Without JavaScript (or a
   clipboard) the link still leads to the permalink, which the reader can copy from the address bar. */
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a.share-copy");
    if (!link || !navigator.clipboard) return;
    event.preventDefault();
    var status = link.closest(".share").querySelector(".share-status");
    navigator.clipboard.writeText(link.href).then(
      function () { status.textContent = link.dataset.copied; },
      function () { status.textContent = link.dataset.failed; }
    );
  });
})();
