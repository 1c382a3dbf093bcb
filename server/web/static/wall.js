// Keeps the wall live without a reload. /wall/events (server-sent events) sends the
// wall's change marker, read from the hub's database; when it differs from the marker
// the page was drawn at, the page fetches itself again and swaps its <main> for the new
// one. The new HTML is the hub's own escaped template, parsed by DOMParser (which runs
// no script) and moved in as nodes; nothing from the hub is ever assigned to innerHTML.
"use strict";

(function () {
  const FALLBACK_POLL_MS = 60000;
  let wall = document.querySelector("main.wall");
  if (!wall) {
    return;
  }
  const eventsUrl = wall.dataset.eventsUrl;
  let shown = wall.dataset.marker || "";
  let fetching = false;
  let again = false;

  async function refresh() {
    if (fetching) {
      again = true;
      return;
    }
    fetching = true;
    try {
      const response = await fetch(window.location.href, {
        headers: { Accept: "text/html" },
        cache: "no-store",
      });
      if (response.ok) {
        const page = new DOMParser().parseFromString(await response.text(), "text/html");
        const fresh = page.querySelector("main.wall");
        if (fresh) {
          const adopted = document.importNode(fresh, true);
          wall.replaceWith(adopted);
          wall = adopted;
          shown = wall.dataset.marker || shown;
        }
      }
    } catch (error) {
      // Offline for a moment: keep showing the last wall; the next marker tries again.
    }
    fetching = false;
    if (again) {
      again = false;
      refresh();
    }
  }

  if (!eventsUrl || !window.EventSource) {
    window.setInterval(refresh, FALLBACK_POLL_MS);
    return;
  }
  // The browser reconnects by itself when a stream ends (its lifetime, a hub restart).
  const source = new EventSource(eventsUrl);
  source.addEventListener("wall", function (event) {
    if (event.data && event.data !== shown) {
      shown = event.data;
      refresh();
    }
  });
})();
