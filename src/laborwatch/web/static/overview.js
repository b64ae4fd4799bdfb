// Stock and inflow by year: central value as a line, the interval as a shaded band.
"use strict";
(function () {
  const data = window.desk.data("chart-data");
  const canvas = document.getElementById("by-year");
  if (!data || !canvas || typeof window.Chart === "undefined") return;
  const years = [...new Set([...data.stock, ...data.inflow].map((row) => row.year))].sort();
  const series = (rows, key) => years.map((year) => {
    const row = rows.find((item) => item.year === year);
    return row && row[key] !== null && row[key] !== undefined ? row[key] : null;
  });
  const band = (rows, label, color) => [
    { label: label + " (high)", data: series(rows, "high"), borderWidth: 0, pointRadius: 0,
      backgroundColor: color + "33", fill: "+1" },
    { label: label + " (low)", data: series(rows, "low"), borderWidth: 0, pointRadius: 0, fill: false },
    { label: label, data: series(rows, "central"), borderColor: color, backgroundColor: color,
      borderWidth: 2, fill: false },
  ];
  new window.Chart(canvas, {
    type: "line",
    data: { labels: years.map(String), datasets: [...band(data.stock, "stock", "#1f5f99"),
      ...band(data.inflow, "inflow", "#c0392b")] },
    options: {
      maintainAspectRatio: false, animation: false, spanGaps: true,
      plugins: { legend: { labels: { filter: (item) => !/\((high|low)\)$/.test(item.text) } } },
      scales: { y: { beginAtZero: true, title: { display: true, text: "people" } } },
    },
  });
})();
