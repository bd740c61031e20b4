// "Reply" moves the comment form under the comment instead of reloading the page; "Cancel reply"
// puts it back. Without JavaScript the links still work (?replytocom=<pk>#respond).
(function () {
  "use strict";
  var respond = document.getElementById("respond");
  if (!respond) return;
  var home = document.createElement("div");
  respond.parentNode.insertBefore(home, respond);
  var form = respond.querySelector("form");
  var parentInput = form && form.querySelector("input[name=parent]");
  var cancel = document.getElementById("cancel-comment-reply-link");
  var title = respond.querySelector("[data-default-title]");
  var defaultTitle = title ? title.getAttribute("data-default-title") : "";

  function reset(event) {
    if (event) event.preventDefault();
    home.parentNode.insertBefore(respond, home);
    if (parentInput) parentInput.value = "";
    if (title) title.textContent = defaultTitle;
    if (cancel) cancel.hidden = true;
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest(".comment-reply-link");
    if (!link || !parentInput) return;
    var comment = document.getElementById("comment-" + link.getAttribute("data-comment-id"));
    if (!comment) return;
    event.preventDefault();
    link.closest(".comment-body").after(respond);
    parentInput.value = link.getAttribute("data-comment-id");
    if (title) title.textContent = link.getAttribute("aria-label") || link.textContent;
    if (cancel) cancel.hidden = false;
    var body = form.querySelector("textarea");
    if (body) body.focus();
  });
  if (cancel) cancel.addEventListener("click", reset);

  // A refused comment comes back at #respond: the summary of what to fix gets the focus, once
  // the browser has scrolled to the fragment (which would otherwise take the focus back).
  var errors = document.getElementById("comment-errors");
  if (errors) {
    window.addEventListener("load", function () {
      window.requestAnimationFrame(function () { errors.focus(); });
    });
  }
})();
