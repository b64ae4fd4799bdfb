// Clicking a highlighted span brings its claim card(s) into view, and the reverse.
"use strict";
(function () {
  const cards = document.getElementById("claim-cards");
  if (!cards) return;
  function activate(ids) {
    for (const card of cards.querySelectorAll(".claim-card")) {
      card.classList.toggle("active", ids.includes(card.dataset.claim));
    }
    const first = ids.length ? document.getElementById("claim-" + ids[0]) : null;
    if (first) first.scrollIntoView({ behavior: "smooth", block: "nearest" });
  }
  for (const mark of document.querySelectorAll("mark.hl")) {
    mark.addEventListener("click", () => activate(mark.dataset.claims.split(" ")));
  }
  for (const card of cards.querySelectorAll(".claim-card")) {
    card.addEventListener("click", () => {
      const id = card.dataset.claim;
      const marks = [...document.querySelectorAll("mark.hl")].filter((mark) => mark.dataset.claims.split(" ").includes(id));
      if (marks.length) marks[0].scrollIntoView({ behavior: "smooth", block: "center" });
      activate([id]);
    });
  }
  if (window.location.hash.startsWith("#claim-")) activate([decodeURIComponent(window.location.hash.slice(7))]);
})();
