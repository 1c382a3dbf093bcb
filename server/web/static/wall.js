// Keeps the wall's numbers fresh: polls /wall.json every 5 s and writes counts with
// textContent only (never innerHTML), so no text from the hub is ever parsed as HTML.
"use strict";

(function () {
  const POLL_MS = 5000;
  const wall = document.querySelector("main.wall");
  if (!wall) {
    return;
  }
  const url = wall.dataset.wallUrl || "/wall.json";

  function setCount(root, name, value) {
    const node = root.querySelector('[data-count="' + name + '"]');
    if (node && node.textContent !== String(value)) {
      node.textContent = String(value);
    }
  }

  function sameShape(data) {
    const sections = wall.querySelectorAll("section[data-site]");
    if (sections.length !== data.sites.length) {
      return false;
    }
    return data.sites.every(function (site, i) {
      const section = sections[i];
      const prompt = site.prompt ? String(site.prompt.id) : "";
      const cards = site.notes.concat(site.doodles).map(function (card) {
        return card.id;
      });
      // Spotlights, cards and replies: the same key the template writes in data-extras.
      const extras =
        site.spotlights.map(function (pin) { return "s" + pin.id + ","; }).join("") +
        site.you_said.map(function (card) { return "y" + card.id + ","; }).join("") +
        site.notes
          .filter(function (note) { return note.reply; })
          .map(function (note) { return note.id + "=" + note.reply + ","; })
          .join("");
      return (
        section.dataset.site === site.slug &&
        section.dataset.prompt === prompt &&
        (section.dataset.cards || "") === cards.join(",") &&
        (section.dataset.extras || "") === extras
      );
    });
  }

  function apply(data) {
    if (!sameShape(data)) {
      // A new site, prompt, note, doodle, reply, spotlight or card: the server renders the page afresh.
      window.location.reload();
      return;
    }
    const sections = wall.querySelectorAll("section[data-site]");
    data.sites.forEach(function (site, i) {
      const section = sections[i];
      const rows = section.querySelectorAll("li.tally");
      site.tallies.forEach(function (tally, j) {
        const row = rows[j];
        if (row && row.dataset.choice === tally.choice) {
          setCount(row, "today", tally.today);
          setCount(row, "total", tally.total);
        }
      });
      const play = section.querySelector("p.play");
      if (play) {
        setCount(play, "play", site.play_today);
        play.hidden = site.play_today === 0;
      }
      const undated = section.querySelector("p.undated");
      if (undated) {
        setCount(undated, "undated", site.undated);
        undated.hidden = site.undated === 0;
      }
    });
  }

  async function poll() {
    try {
      const response = await fetch(url, { headers: { Accept: "application/json" }, cache: "no-store" });
      if (response.ok) {
        apply(await response.json());
      }
    } catch (error) {
      // Offline for a moment: keep showing the last numbers and try again later.
    }
    window.setTimeout(poll, POLL_MS);
  }

  window.setTimeout(poll, POLL_MS);
})();
