// Country basemap from world-atlas (TopoJSON, served locally: no tile server), one circle per
// destination sized by its number of claims; a click lists those claims beside the map.
"use strict";
(function () {
  const container = document.getElementById("map");
  if (!container || typeof window.L === "undefined" || typeof window.topojson === "undefined") return;
  const points = window.desk.data("map-data") || [];
  const map = window.L.map(container, { worldCopyJump: true, attributionControl: false })
    .setView([50, 100], 3);

  fetch("/static/vendor/world-atlas/countries-110m.json")
    .then((response) => response.json())
    .then((atlas) => {
      const countries = window.desk.unwrapAntimeridian(window.topojson.feature(atlas, atlas.objects.countries));
      window.L.geoJSON(countries, {
        style: { color: "#8a99a8", weight: 0.6, fillColor: "#f4f1e8", fillOpacity: 1 },
      }).addTo(map).bringToBack();
    })
    .catch(() => {
      container.appendChild(window.desk.el("p", { class: "empty" }, "The country outlines could not be loaded."));
    });

  const title = document.getElementById("place-title");
  const hint = document.getElementById("place-hint");
  const list = document.getElementById("place-claims");

  async function showClaims(point) {
    title.textContent = point.name + (point.country ? " (" + point.country + ")" : "");
    hint.textContent = "Loading…";
    list.replaceChildren();
    try {
      const body = await window.desk.fetchJSON(
        "/api/claims?kind=deployment&limit=100&place=" + encodeURIComponent(point.name));
      hint.textContent = body.total + " claim" + (body.total === 1 ? "" : "s");
      for (const claim of body.claims) {
        const item = window.desk.el("li", {});
        item.appendChild(window.desk.el("strong", {}, claim.summary));
        item.appendChild(window.desk.el("br"));
        item.appendChild(window.desk.el("q", {}, claim.quote));
        item.appendChild(document.createTextNode(" "));
        const link = window.desk.el("a", { href: "/documents/" + encodeURIComponent(claim.doc) + "#claim-" + encodeURIComponent(claim.id) },
          claim.source.publisher || claim.doc);
        item.appendChild(link);
        list.appendChild(item);
      }
    } catch (error) {
      hint.textContent = "Could not load the claims: " + error.message;
    }
  }

  const bounds = [];
  for (const point of points) {
    const radius = 5 + 4 * Math.sqrt(point.claims);
    const marker = window.L.circleMarker([point.lat, point.lon], {
      radius, color: "#8c2d04", weight: 1, fillColor: "#e6550d", fillOpacity: 0.7,
    }).addTo(map);
    marker.bindTooltip(point.name + ": " + point.claims + " claim" + (point.claims === 1 ? "" : "s"));
    marker.on("click", () => showClaims(point));
    marker.getElement && marker.getElement() && marker.getElement().setAttribute("data-place", point.name);
    bounds.push([point.lat, point.lon]);
  }
  if (bounds.length > 1) map.fitBounds(bounds, { padding: [40, 40], maxZoom: 5 });
  else if (bounds.length === 1) map.setView(bounds[0], 4);
})();
