/* Passkeys and security keys: what needs WebAuthn is hidden ([data-passkey]) until this script
   finds the browser able to use it; allauth's webauthn.js does the rest. A failure (cancelled,
   no key) is said in the page's status line rather than only in the console. */
(function () {
  "use strict";
  if (!window.PublicKeyCredential) return;
  document.querySelectorAll("[data-passkey]").forEach(function (element) {
    element.hidden = false;
  });
  document.addEventListener("allauth.error", function (event) {
    var status = document.querySelector("[data-passkey-status]");
    if (!status) return;
    event.preventDefault();
    status.textContent = status.dataset.passkeyStatus;
  });
})();
