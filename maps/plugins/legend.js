/* geomap legend: one row per event type present (shape, colour, label, count), routes last. */
(function () {
  "use strict";
  var G = window.geomap;
  G.Legend = L.Control.extend({
    options: { position: "bottomright", title: "Events" },
    initialize: function (events, options) { L.setOptions(this, options); this.events = events; },
    onAdd: function () {
      var box = G.el("div", "geomap-legend leaflet-bar");
      L.DomEvent.disableClickPropagation(box);
      L.DomEvent.disableScrollPropagation(box);
      box.appendChild(G.el("div", "geomap-legend-title", this.options.title));
      this.events.whenData(function (d) {
        var counts = {};
        d.e.t.forEach(function (t) { counts[t] = (counts[t] || 0) + 1; });
        d.typeOrder.forEach(function (ti) {
          var ty = d.types[ti], row = G.el("div", "geomap-legend-row");
          row.setAttribute("data-type", ty.name);
          row.appendChild(G.swatch(ty, 16));
          row.appendChild(G.el("span", null, " " + ty.label + " (" + counts[ti] + ")"));
          box.appendChild(row);
        });
        if (d.r.length) {
          var row = G.el("div", "geomap-legend-row");
          var line = G.el("span", "geomap-line"); line.style.background = "#4d4d4d";
          row.appendChild(line);
          row.appendChild(G.el("span", null, " Route → direction (" + d.r.length + ")"));
          box.appendChild(row);
        }
        box.appendChild(G.el("div", "geomap-legend-note", "Size: quantity. Bubbles: several events."));
        if (d.skipped) box.appendChild(G.el("div", "geomap-legend-note", d.skipped + " without coordinates not shown"));
      });
      return box;
    }
  });
  G.legend = function (events, options) { return new G.Legend(events, options); };
})();
