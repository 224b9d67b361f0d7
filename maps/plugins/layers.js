/* geomap layer control: base maps, one switch per event type, one for routes. */
(function () {
  "use strict";
  var G = window.geomap;
  G.layerControl = function (map, bases, events, routes, options) {
    var ctl = L.control.layers(bases, {}, L.extend({ collapsed: false, position: "topright" }, options));
    ctl.addTo(map);
    events.whenData(function (d) {
      var counts = {};
      d.e.t.forEach(function (t) { counts[t] = (counts[t] || 0) + 1; });
      var byLayer = {};
      d.typeOrder.forEach(function (ti) {
        var ty = d.types[ti], dummy = L.layerGroup();
        dummy.geomapType = ti;
        byLayer[L.stamp(dummy)] = ti;
        dummy.addTo(map);
        var dot = '<span class="geomap-dot" style="background:' + G.esc(ty.color) + '"></span>';
        ctl.addOverlay(dummy, dot + G.esc(ty.label) + " (" + counts[ti] + ")");
      });
      map.on("overlayadd overlayremove", function (e) {
        var ti = byLayer[L.stamp(e.layer)];
        if (ti !== undefined) events.setTypeVisible(ti, e.type === "overlayadd");
      });
      if (routes && d.r.length) ctl.addOverlay(routes, "Routes (" + d.r.length + ")");
    });
    return ctl;
  };
})();
