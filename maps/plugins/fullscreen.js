/* geomap fullscreen button: the browser's Fullscreen API on the map's own container. */
(function () {
  "use strict";
  var G = window.geomap;
  G.Fullscreen = L.Control.extend({
    options: { position: "topleft" },
    onAdd: function (map) {
      var bar = G.el("div", "leaflet-bar geomap-fullscreen");
      var a = G.el("a");
      var ns = "http://www.w3.org/2000/svg", svg = document.createElementNS(ns, "svg");
      svg.setAttribute("viewBox", "0 0 16 16"); svg.setAttribute("width", "16"); svg.setAttribute("height", "16");
      var path = document.createElementNS(ns, "path");
      path.setAttribute("d", "M1 6V1h5M10 1h5v5M15 10v5h-5M6 15H1v-5");
      path.setAttribute("fill", "none"); path.setAttribute("stroke", "#333"); path.setAttribute("stroke-width", "2");
      svg.appendChild(path); a.appendChild(svg);
      a.href = "#"; a.title = "Full screen"; a.setAttribute("role", "button");
      bar.appendChild(a);
      L.DomEvent.on(a, "click", function (e) {
        L.DomEvent.preventDefault(e);
        L.DomEvent.stopPropagation(e);
        var c = map.getContainer();
        if (document.fullscreenElement) document.exitFullscreen();
        else if (c.requestFullscreen) c.requestFullscreen();
      });
      document.addEventListener("fullscreenchange", function () { map.invalidateSize(); });
      return bar;
    }
  });
  G.fullscreen = function (options) { return new G.Fullscreen(options); };
})();
