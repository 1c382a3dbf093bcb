// The moderation queue's keyboard (docs/moderation.md): j/k or arrows move between
// items, a approves, h hides and r rejects (the reason field takes the cursor; Enter
// sends that decision), Escape leaves the field, ? shows the help. Without this file
// the queue works as plain forms.
"use strict";

(function () {
  const items = Array.from(document.querySelectorAll("[data-item]"));
  const help = document.getElementById("mod-help");
  let current = -1;

  function select(index, scroll) {
    if (!items.length) return;
    current = Math.max(0, Math.min(items.length - 1, index));
    items.forEach(function (item, i) { item.classList.toggle("current", i === current); });
    const item = items[current];
    item.focus({ preventScroll: !scroll });
    if (scroll) item.scrollIntoView({ block: "nearest" });
  }

  function currentForm() {
    return current >= 0 ? items[current].querySelector("[data-decide]") : null;
  }

  function send(form, decision) {
    const button = form.querySelector('[data-decision="' + decision + '"]');
    if (!button) return false;
    form.requestSubmit(button);
    return true;
  }

  function askReason(decision) {
    const form = currentForm();
    if (!form || !form.querySelector('[data-decision="' + decision + '"]')) return;
    const field = form.querySelector("[data-reason]");
    if (!field) return;
    form.dataset.pending = decision;
    field.focus();
  }

  function toggleHelp() {
    if (help) help.hidden = !help.hidden;
  }

  document.querySelectorAll("[data-help-toggle]").forEach(function (button) {
    button.addEventListener("click", toggleHelp);
  });

  // Enter in a reason field sends the decision its key chose (h or r), not the form's
  // first button.
  document.querySelectorAll("[data-decide]").forEach(function (form) {
    const field = form.querySelector("[data-reason]");
    if (!field) return;
    field.addEventListener("keydown", function (event) {
      if (event.key === "Enter" && form.dataset.pending) {
        event.preventDefault();
        send(form, form.dataset.pending);
      } else if (event.key === "Escape") {
        delete form.dataset.pending;
        field.blur();
        select(current, false);
      }
    });
  });

  items.forEach(function (item, i) {
    item.addEventListener("focusin", function () {
      if (current !== i) {
        current = i;
        items.forEach(function (other, j) { other.classList.toggle("current", j === i); });
      }
    });
  });

  document.addEventListener("keydown", function (event) {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    const target = event.target;
    if (target instanceof HTMLElement && target.closest("input, select, textarea")) return;
    switch (event.key) {
      case "j": case "ArrowDown": select(current + 1, true); break;
      case "k": case "ArrowUp": select(current - 1, true); break;
      case "a": { const form = currentForm(); if (!form || !send(form, "approved")) return; break; }
      case "h": askReason("hidden"); break;
      case "r": askReason("rejected"); break;
      case "?": toggleHelp(); break;
      case "Escape": if (help && !help.hidden) toggleHelp(); else return; break;
      default: return;
    }
    event.preventDefault();
  });

  // After a decision the hub sends us back to the item that followed it.
  const anchored = location.hash ? document.getElementById(location.hash.slice(1)) : null;
  const start = anchored ? items.indexOf(anchored) : 0;
  if (items.length) select(start < 0 ? 0 : start, Boolean(anchored));
})();
