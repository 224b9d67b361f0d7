/* geomap routes: great-circle curves with direction arrows, width by quantity, popups.
   Longitudes are unwrapped so a route across the antimeridian is drawn as one continuous line. */
(function () {
  "use strict";
  var G = window.geomap, RAD = Math.PI / 180;

  /* Points along the great circle from a to b ([lon, lat]), longitudes continuing from a. */
  function geodesic(a, b) {
    var l1 = a[0] * RAD, p1 = a[1] * RAD, l2 = b[0] * RAD, p2 = b[1] * RAD;
    var v1 = [Math.cos(p1) * Math.cos(l1), Math.cos(p1) * Math.sin(l1), Math.sin(p1)];
    var v2 = [Math.cos(p2) * Math.cos(l2), Math.cos(p2) * Math.sin(l2), Math.sin(p2)];
    var dot = Math.max(-1, Math.min(1, v1[0] * v2[0] + v1[1] * v2[1] + v1[2] * v2[2]));
    var w = Math.acos(dot), n = Math.max(1, Math.min(64, Math.ceil(w / RAD / 2)));
    var out = [], prev = a[0];
    for (var k = 0; k <= n; k++) {
      var f = k / n, s1, s2;
      if (w < 1e-9) { s1 = 1 - f; s2 = f; } else { s1 = Math.sin((1 - f) * w) / Math.sin(w); s2 = Math.sin(f * w) / Math.sin(w); }
      var x = s1 * v1[0] + s2 * v2[0], y = s1 * v1[1] + s2 * v2[1], z = s1 * v1[2] + s2 * v2[2];
      var lat = Math.atan2(z, Math.sqrt(x * x + y * y)) / RAD, lon = Math.atan2(y, x) / RAD;
      while (lon - prev > 180) lon -= 360;
      while (lon - prev < -180) lon += 360;
      prev = lon;
      out.push([lat, lon]);
    }
    return out;
  }
  G.geodesic = geodesic;

  function curve(coords) {
    var pts = [];
    for (var k = 0; k + 1 < coords.length; k++) {
      var a = k === 0 ? coords[0] : [pts[pts.length - 1][1], pts[pts.length - 1][0]];
      var b = coords[k + 1].slice();
      while (b[0] - a[0] > 180) b[0] -= 360;
      while (b[0] - a[0] < -180) b[0] += 360;
      var seg = geodesic(a, b);
      pts = pts.concat(k === 0 ? seg : seg.slice(1));
    }
    return pts;
  }

  /* Arrow heads at fractions of the path, rotated along it (Mercator keeps angles at all zooms). */
  function arrows(pts, color, fracs) {
    var out = [], cum = [0], total = 0, k;
    for (k = 1; k < pts.length; k++) {
      total += Math.hypot(pts[k][0] - pts[k - 1][0], pts[k][1] - pts[k - 1][1]);
      cum.push(total);
    }
    fracs.forEach(function (f) {
      var target = total * f;
      for (k = 1; k < pts.length && cum[k] < target; k++);
      k = Math.min(k, pts.length - 1);
      var a = L.CRS.EPSG3857.latLngToPoint(L.latLng(pts[k - 1]), 0);
      var b = L.CRS.EPSG3857.latLngToPoint(L.latLng(pts[k]), 0);
      var ang = (Math.atan2(b.y - a.y, b.x - a.x) * 180) / Math.PI;
      var t = cum[k] > cum[k - 1] ? (target - cum[k - 1]) / (cum[k] - cum[k - 1]) : 0;
      var at = [pts[k - 1][0] + t * (pts[k][0] - pts[k - 1][0]), pts[k - 1][1] + t * (pts[k][1] - pts[k - 1][1])];
      var svg = '<svg width="16" height="16" viewBox="-8 -8 16 16" style="transform:rotate(' +
        ang.toFixed(1) + 'deg)"><path d="M-6,-5 L6,0 L-6,5 L-3,0 Z" fill="' + color +
        '" stroke="#fff" stroke-width="1"/></svg>';
      out.push(L.marker(at, {
        interactive: false, keyboard: false,
        icon: L.divIcon({ className: "geomap-arrow", html: svg, iconSize: [16, 16], iconAnchor: [8, 8] })
      }));
    });
    return out;
  }

  G.RouteLayer = L.FeatureGroup.extend({
    initialize: function (events, options) {
      L.FeatureGroup.prototype.initialize.call(this, [], options);
      this.events = events;
      this.groups = [];
      var self = this;
      events.whenData(function (d) { self._build(d); });
    },

    _build: function (data) {
      var self = this;
      this.data = data;
      data.r.forEach(function (r, idx) {
        if (!/^#[0-9a-fA-F]{3,8}$/.test(r.color)) r.color = "#4d4d4d";
        var pts = curve(r.c);
        var w = Math.min(9, 2.5 + (r.q ? 1.5 * Math.log10(1 + r.q) : 0));
        var line = L.polyline(pts, { color: r.color, weight: w, opacity: 0.85, className: "geomap-route" });
        line.on("click", function (e) {
          // a marker drawn over the line wins the click
          L.DomEvent.stopPropagation(e);
          if (self.events._hit(e.containerPoint)) { self.events._onClick(e); return; }
          self.openPopup(idx, e.latlng);
        });
        var tip = [r.mode, [r.origin, r.destination].filter(Boolean).join(" → ")].filter(Boolean).join(": ");
        line.bindTooltip(G.el("span", null, tip), { sticky: true, className: "geomap-tooltip" });
        var origin = L.circleMarker(pts[0], { radius: 4, color: r.color, weight: 2, fillColor: "#fff", fillOpacity: 1, interactive: false });
        var g = L.featureGroup([line, origin].concat(arrows(pts, r.color, [0.5, 0.97])));
        g.route = r; g.index = idx;
        self.groups.push(g);
        self.addLayer(g);
      });
      this.fire("ready");
    },

    setRange: function (range) {
      var self = this;
      this.groups.forEach(function (g) {
        var d = g.route.d;
        var on = !range || d === null || d === undefined || (d >= range[0] && d <= range[1]);
        if (on && !self.hasLayer(g)) self.addLayer(g);
        if (!on && self.hasLayer(g)) self.removeLayer(g);
      });
    },

    /* Open route k's popup at latlng (default: the middle of its curve). */
    openPopup: function (k, latlng) {
      var g = this.groups[k], pts = g.getLayers()[0].getLatLngs();
      return L.popup({ maxWidth: 360, maxHeight: 360, autoPanPaddingTopLeft: [60, 60] })
        .setLatLng(latlng || pts[Math.floor(pts.length / 2)])
        .setContent(G.routeCard(this.data, g.route)).openOn(this._map);
    },

    count: function () { return this.groups.length; }
  });

  G.routeLayer = function (events, options) { return new G.RouteLayer(events, options); };
})();
