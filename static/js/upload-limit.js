// A file larger than the site accepts is refused here, with the reason, before a long upload ends
// in a refusal (or nginx's 413). The limit and the message are the server's own: the file input's
// data-max-bytes and data-too-large attributes (images/forms.py).
(function () {
  "use strict";
  var SELECTOR = "input[type=file][data-max-bytes]";

  function tooLarge(input) {
    var max = parseInt(input.getAttribute("data-max-bytes"), 10);
    return Array.prototype.some.call(input.files || [], function (file) {
      return file.size > max;
    });
  }

  function check(input) {
    var refused = tooLarge(input);
    input.setCustomValidity(refused ? input.getAttribute("data-too-large") : "");
    if (refused) input.reportValidity();
    return !refused;
  }

  document.addEventListener("change", function (event) {
    if (event.target.matches && event.target.matches(SELECTOR)) check(event.target);
  });

  // The admin's forms are `novalidate`: the browser would send them anyway.
  document.addEventListener("submit", function (event) {
    var inputs = event.target.querySelectorAll(SELECTOR);
    for (var i = 0; i < inputs.length; i++) {
      if (!check(inputs[i])) {
        event.preventDefault();
        return;
      }
    }
  }, true);
})();
