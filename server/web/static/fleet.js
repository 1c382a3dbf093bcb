// The fleet page (templates/dash/kiosks.html): a form marked data-confirm asks first,
// since revoking or rotating stops a kiosk until it is set up again. Without
// JavaScript the form posts as it is.
"use strict";
document.querySelectorAll("form[data-confirm]").forEach(function (form) {
  form.addEventListener("submit", function (event) {
    if (!window.confirm(form.getAttribute("data-confirm"))) {
      event.preventDefault();
    }
  });
});
