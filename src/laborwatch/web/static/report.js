// The report's map and chart, drawn from data inlined in the file: no network is used.
"use strict";
(function () {
  const read = (id) => { const node = document.getElementById(id); return node ? JSON.parse(node.textContent) : null; };
  const data = read("report-data");
  const atlas = read("atlas");
  const mapNode = document.getElementById("map");
  if (mapNode && atlas && window.L && window.topojson) {
    const map = window.L.map(mapNode, { attributionControl: false, worldCopyJump: true }).setView([50, 100], 3);
    window.L.geoJSON(window.desk.unwrapAntimeridian(window.topojson.feature(atlas, atlas.objects.countries)), {
      style: { color: "#8a99a8", weight: 0.6, fillColor: "#f4f1e8", fillOpacity: 1 },
    }).addTo(map);
    const bounds = [];
    for (const point of data.points) {
      const marker = window.L.circleMarker([point.lat, point.lon], {
        radius: 5 + 4 * Math.sqrt(point.claims), color: "#8c2d04", weight: 1, fillColor: "#e6550d", fillOpacity: 0.7,
      }).addTo(map);
      const box = document.createElement("div");
      const title = document.createElement("strong");
      title.textContent = point.name + ": " + point.claims + " claim" + (point.claims === 1 ? "" : "s");
      box.appendChild(title);
      for (const cite of data.place_claims[point.name] || []) {
        const line = document.createElement("p");
        line.textContent = cite.summary + " — " + (cite.source.publisher || cite.doc) + (cite.source.published ? ", " + cite.source.published : "");
        box.appendChild(line);
      }
      marker.bindPopup(box);
      bounds.push([point.lat, point.lon]);
    }
    if (bounds.length > 1) map.fitBounds(bounds, { padding: [40, 40], maxZoom: 5 });
  }
  const canvas = document.getElementById("by-year");
  if (canvas && window.Chart && data.chart) {
    const rows = [...data.chart.stock, ...data.chart.inflow];
    const years = [...new Set(rows.map((row) => row.year))].sort();
    const series = (list, key) => years.map((year) => { const row = list.find((item) => item.year === year); return row ? row[key] : null; });
    new window.Chart(canvas, {
      type: "line",
      data: { labels: years.map(String), datasets: [
        { label: "stock", data: series(data.chart.stock, "central"), borderColor: "#1f5f99", backgroundColor: "#1f5f99" },
        { label: "inflow", data: series(data.chart.inflow, "central"), borderColor: "#c0392b", backgroundColor: "#c0392b" },
      ] },
      options: { maintainAspectRatio: false, animation: false, spanGaps: true, scales: { y: { beginAtZero: true } } },
    });
  }
  document.body.dataset.ready = "true";
})();
