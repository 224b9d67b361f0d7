/* geomap place search: type part of a place name, pick it, the map goes there and lists events. */
(function () {
  "use strict";
  var G = window.geomap;

  function fold(s) {
    return String(s).normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  G.PlaceSearch = L.Control.extend({
    options: { position: "topleft", limit: 8 },
    initialize: function (events, options) { L.setOptions(this, options); this.events = events; },
    onAdd: function (map) {
      var self = this, box = G.el("div", "geomap-search leaflet-bar");
      L.DomEvent.disableClickPropagation(box);
      L.DomEvent.disableScrollPropagation(box);
      var input = G.el("input");
      input.type = "search"; input.placeholder = "Search place…"; input.setAttribute("aria-label", "Search place");
      var list = G.el("div", "geomap-search-results");
      box.appendChild(input); box.appendChild(list);
      this.input = input;
      this.events.whenData(function (d) {
        var byPlace = new Map(), k = d.fields.length, fi = d.fields.indexOf("place_name");
        for (var i = 0; i < d.e.lat.length; i++) {
          var s = d.e.f[i * k + fi];
          if (s < 0) continue;
          if (!byPlace.has(s)) byPlace.set(s, []);
          byPlace.get(s).push(i);
        }
        var byName = new Map();
        byPlace.forEach(function (ids, s) { byName.set(d.S[s], { name: d.S[s], key: fold(d.S[s]), ids: ids, routes: [] }); });
        // route ends are places too
        d.r.forEach(function (r, k) {
          [r.origin, r.destination].concat(r.via || []).forEach(function (nm) {
            if (!nm) return;
            if (!byName.has(nm)) byName.set(nm, { name: nm, key: fold(nm), ids: [], routes: [] });
            var e = byName.get(nm);
            if (e.routes.indexOf(k) < 0) e.routes.push(k);
          });
        });
        self.index = Array.from(byName.values());
      });
      L.DomEvent.on(input, "input", function () { self._show(map, list, input.value); });
      L.DomEvent.on(input, "keydown", function (e) {
        if (e.key === "Enter" && list.firstChild) list.firstChild.click();
      });
      return box;
    },

    find: function (q) {
      q = fold(q.trim());
      if (!q || !this.index) return [];
      var pre = [], sub = [];
      this.index.forEach(function (p) {
        var at = p.key.indexOf(q);
        if (at === 0) pre.push(p); else if (at > 0) sub.push(p);
      });
      var byCount = function (a, b) { return b.ids.length + b.routes.length - a.ids.length - a.routes.length; };
      return pre.sort(byCount).concat(sub.sort(byCount)).slice(0, this.options.limit);
    },

    go: function (map, p) {
      var d = this.events.data, routes = this.options.routes;
      if (p.ids.length) {
        var b = L.latLngBounds(p.ids.map(function (i) { return [d.e.lat[i], d.e.lon[i]]; }));
        map.fitBounds(b, { maxZoom: 9, padding: [40, 40], animate: false });
        this.events.openPopup(p.ids, b.getCenter());
      } else if (routes && p.routes.length) {
        var g = routes.groups[p.routes[0]];
        map.fitBounds(g.getBounds(), { maxZoom: 9, padding: [40, 40], animate: false });
        routes.openPopup(p.routes[0]);
      }
    },

    _show: function (map, list, q) {
      var self = this;
      list.textContent = "";
      this.find(q).forEach(function (p) {
        var k = p.ids.length || p.routes.length;
        var n = k + (p.ids.length ? " event" : " route") + (k === 1 ? "" : "s");
        var b = G.el("button", "geomap-search-hit", p.name + " (" + n + ")");
        b.type = "button";
        L.DomEvent.on(b, "click", function () { list.textContent = ""; self.go(map, p); });
        list.appendChild(b);
      });
    }
  });
  G.placeSearch = function (events, options) { return new G.PlaceSearch(events, options); };
})();
