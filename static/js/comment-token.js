// A page shared by every reader (a page file nginx serves) cannot hold a reader's own form
// timestamp or CSRF token. When the comment form is first used, fetch fresh ones for this reader
// and put them in; a submission that starts before they arrive waits for them. Without
// JavaScript the shared timestamp is still accepted, and the comment waits for moderation.
(function () {
  "use strict";
  var field = document.querySelector("#commentform input[name=timestamp][data-token-url]");
  if (!field || !window.fetch) return;
  var form = field.form;
  var pending = null;
  var ready = false;

  function fetchToken() {
    if (pending) return pending;
    pending = fetch(field.getAttribute("data-token-url"), {
      credentials: "same-origin",
      headers: { Accept: "application/json" },
    })
      .then(function (response) {
        return response.ok ? response.json() : null;
      })
      .then(function (token) {
        if (!token) return;
        field.value = token.timestamp;
        var csrf = form.querySelector("input[name=csrfmiddlewaretoken]");
        if (csrf && !csrf.value) csrf.value = token.csrf;
      })
      .catch(function () {})
      .then(function () {
        ready = true;
      });
    return pending;
  }

  form.addEventListener("focusin", fetchToken);
  form.addEventListener("submit", function (event) {
    if (ready) return;
    event.preventDefault(); // sent before the token came: send again once it is in
    var submitter = event.submitter;
    fetchToken().then(function () {
      if (form.requestSubmit) form.requestSubmit(submitter || undefined);
      else form.submit();
    });
  });
})();
