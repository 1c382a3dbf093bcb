// The organiser hub's small helpers (templates/dash/base.html loads this on every page).
// Nothing here is needed: every page works without script.
//
// A button with data-copy="ID" copies that element's text (an invitation link); it is
// hidden in the page and shown only where the browser can copy.
(function () {
  "use strict";
  if (!navigator.clipboard) {
    return;
  }
  document.querySelectorAll("button[data-copy]").forEach(function (button) {
    var source = document.getElementById(button.getAttribute("data-copy"));
    if (!source) {
      return;
    }
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(source.textContent.trim()).then(function () {
        button.textContent = "Copied";
      });
    });
  });
})();
