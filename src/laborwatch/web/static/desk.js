// Shared helpers for the desk's pages. Data from the server is only ever put into the page
// with textContent or as attribute values, never as HTML.
"use strict";
window.desk = {
  el(tag, attributes, text) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes || {})) node.setAttribute(name, value);
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  },
  data(id) {
    const block = document.getElementById(id);
    return block ? JSON.parse(block.textContent) : null;
  },
  token() {
    return window.sessionStorage.getItem("laborwatch-token") || "";
  },
  // world-atlas rings that cross the 180th meridian jump from +180 to -180, which a flat map
  // draws as a band across the whole world; moving their western points east by 360° joins them.
  // Antarctica is left alone: its ring circles the pole.
  unwrapAntimeridian(collection) {
    const unwrapRing = (ring) => {
      const crosses = ring.some((p) => p[0] > 150) && ring.some((p) => p[0] < -150);
      const polar = ring.some((p) => p[1] < -60);
      return crosses && !polar ? ring.map((p) => (p[0] < 0 ? [p[0] + 360, p[1]] : p)) : ring;
    };
    for (const feature of collection.features) {
      const geometry = feature.geometry;
      if (!geometry) continue;
      if (geometry.type === "Polygon") geometry.coordinates = geometry.coordinates.map(unwrapRing);
      if (geometry.type === "MultiPolygon") {
        geometry.coordinates = geometry.coordinates.map((polygon) => polygon.map(unwrapRing));
      }
    }
    return collection;
  },
  async fetchJSON(url, options) {
    const response = await fetch(url, options);
    const body = await response.json();
    if (!response.ok || body.ok === false) throw new Error(body.error || response.statusText);
    return body;
  },
};
