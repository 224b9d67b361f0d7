/* geomap event layer: all events drawn on one canvas, clustered on a pixel grid when many.
   Why not one Leaflet marker per event: 100,000 DOM/SVG markers take many seconds to build. */
(function () {
  "use strict";
  var G = window.geomap;
  var MAXLAT = 85.0511287798;

  G.EventLayer = L.Layer.extend({
    options: { clusterThreshold: 400, cell: 56, maxRadius: 16 },

    initialize: function (spec, options) {
      L.setOptions(this, options);
      this.hiddenTypes = {};
      this.range = null; // [fromDay, toDay] or null
      this._waiting = [];
      this._items = [];
      var self = this;
      this.dataPromise = G.decode(spec).then(function (d) { self._setData(d); return d; });
      this.dataPromise.catch(function (e) { console.error("geomap: cannot read map data", e); });
    },

    whenData: function (cb) {
      var self = this;
      this.dataPromise.then(function (d) { cb.call(self, d); });
      return this;
    },

    _setData: function (d) {
      this.data = d;
      var E = d.e, n = E.lat.length;
      this.n = n;
      this.wx = new Float64Array(n);
      this.wy = new Float64Array(n);
      this.r = new Float32Array(n);
      for (var i = 0; i < n; i++) {
        var lat = Math.max(-MAXLAT, Math.min(MAXLAT, E.lat[i])) * Math.PI / 180;
        this.wx[i] = ((E.lon[i] + 180) / 360) * 256;
        this.wy[i] = (0.5 - Math.log(Math.tan(Math.PI / 4 + lat / 2)) / (2 * Math.PI)) * 256;
        var q = E.q[i];
        this.r[i] = Math.min(this.options.maxRadius, q ? 6 + 2 * Math.log10(1 + q) : 6);
      }
      this.redraw();
    },

    onAdd: function (map) {
      this._map = map;
      var pane = map.getPane("geomapEvents") || map.createPane("geomapEvents");
      pane.style.zIndex = 450;
      pane.style.pointerEvents = "none";
      this._canvas = L.DomUtil.create("canvas", "geomap-events", pane);
      this._ctx = this._canvas.getContext("2d");
      map.on("move", this._schedule, this);
      map.on("moveend resize viewreset", this.redraw, this);
      map.on("zoomstart", this._hide, this);
      map.on("click", this._onClick, this);
      map.on("mousemove", this._onMove, this);
      var fit = this.options.fit;
      if (fit && !this._fitted) {
        this._fitted = true;
        map.fitBounds(fit.bounds, { paddingTopLeft: fit.paddingTopLeft, paddingBottomRight: fit.paddingBottomRight,
          maxZoom: fit.maxZoom, animate: false });
      }
      this.redraw();
    },

    onRemove: function (map) {
      L.DomUtil.remove(this._canvas);
      map.off("move", this._schedule, this);
      map.off("moveend resize viewreset", this.redraw, this);
      map.off("zoomstart", this._hide, this);
      map.off("click", this._onClick, this);
      map.off("mousemove", this._onMove, this);
      this._items = [];
    },

    _hide: function () { if (this._canvas) this._canvas.style.visibility = "hidden"; },

    _schedule: function () {
      var self = this;
      if (this._frame) return;
      this._frame = L.Util.requestAnimFrame(function () { self._frame = null; self.redraw(); });
    },

    setTypeVisible: function (t, on) {
      if (on) delete this.hiddenTypes[t]; else this.hiddenTypes[t] = true;
      this.redraw();
      this.fire("filter");
    },

    setRange: function (range) {
      this.range = range;
      this.redraw();
      this.fire("filter");
    },

    visible: function (i) {
      if (this.hiddenTypes[this.data.e.t[i]]) return false;
      var E = this.data.e, d = E.d[i];
      if (!this.range || d === null || d === undefined) return true;
      var de = E.de ? E.de[i] : null;
      return d <= this.range[1] && (de === null || de === undefined ? d : de) >= this.range[0];
    },

    visibleCount: function () {
      var c = 0;
      for (var i = 0; i < this.n; i++) if (this.visible(i)) c++;
      return c;
    },

    redraw: function () {
      var map = this._map;
      if (!map || !this.data || !this._canvas) return;
      var size = map.getSize(), dpr = window.devicePixelRatio || 1, cv = this._canvas;
      var topLeft = map.containerPointToLayerPoint([0, 0]);
      L.DomUtil.setPosition(cv, topLeft);
      if (cv.width !== size.x * dpr || cv.height !== size.y * dpr) {
        cv.width = size.x * dpr; cv.height = size.y * dpr;
        cv.style.width = size.x + "px"; cv.style.height = size.y + "px";
      }
      cv.style.visibility = "visible";
      var ctx = this._ctx;
      ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
      ctx.clearRect(0, 0, size.x, size.y);
      var zoom = map.getZoom(), s = Math.pow(2, zoom), W = 256 * s;
      var org = map.getPixelOrigin(), ox = org.x + topLeft.x, oy = org.y + topLeft.y;
      var pad = this.options.maxRadius + 2, types = this.data.types, E = this.data.e;
      // 1. visible points, in screen pixels (with copies of the world when it repeats)
      var px = [], py = [], pi = [];
      for (var i = 0; i < this.n; i++) {
        if (!this.visible(i)) continue;
        var X = this.wx[i] * s, Y = this.wy[i] * s - oy;
        if (Y < -pad || Y > size.y + pad) continue;
        var k0 = Math.ceil((ox - pad - X) / W), k1 = Math.floor((ox + size.x + pad - X) / W);
        for (var k = k0; k <= k1; k++) { px.push(X + k * W - ox); py.push(Y); pi.push(i); }
      }
      var items = [];
      if (px.length <= this.options.clusterThreshold) {
        // 2a. few: every event its own marker; events at one spot are fanned out on a ring
        var spots = {}, j;
        for (j = 0; j < px.length; j++) {
          var key = Math.round(px[j] / 3) + ":" + Math.round(py[j] / 3);
          (spots[key] = spots[key] || []).push(j);
        }
        Object.keys(spots).forEach(function (key) {
          var g = spots[key], m = g.length;
          g.forEach(function (j2, n2) {
            var dx = 0, dy = 0;
            if (m > 1) {
              var a = (2 * Math.PI * n2) / m, rr = 8 + 2.5 * m;
              dx = rr * Math.cos(a); dy = rr * Math.sin(a);
            }
            items.push({ x: px[j2] + dx, y: py[j2] + dy, ax: px[j2], ay: py[j2], i: pi[j2], r: this.r[pi[j2]] });
          }, this);
        }, this);
        // big markers first so small ones stay clickable on top
        items.sort(function (a, b) { return b.r - a.r; });
        items.forEach(function (it) {
          if (it.x !== it.ax || it.y !== it.ay) {
            ctx.strokeStyle = "rgba(60,60,60,.6)"; ctx.lineWidth = 1;
            ctx.beginPath(); ctx.moveTo(it.ax, it.ay); ctx.lineTo(it.x, it.y); ctx.stroke();
          }
          var ty = types[E.t[it.i]];
          G.drawShape(ctx, ty.shape, it.x, it.y, it.r, ty.color);
        });
      } else {
        // 2b. many: a grid of cells; a cell with one event shows it, else a counted bubble
        var cell = this.options.cell, cells = new Map();
        for (var j3 = 0; j3 < px.length; j3++) {
          var key2 = Math.floor((px[j3] + ox) / cell) * 1e7 + Math.floor((py[j3] + oy) / cell);
          var c = cells.get(key2);
          if (!c) { c = { n: 0, sx: 0, sy: 0, m: [], tc: {} }; cells.set(key2, c); }
          c.n++; c.sx += px[j3]; c.sy += py[j3];
          if (c.m.length < 1000) c.m.push(pi[j3]);
          var tt = E.t[pi[j3]];
          c.tc[tt] = (c.tc[tt] || 0) + 1;
        }
        var self = this;
        cells.forEach(function (c) {
          if (c.n === 1) {
            var i1 = c.m[0], ty = types[E.t[i1]];
            items.push({ x: c.sx, y: c.sy, i: i1, r: self.r[i1] });
            G.drawShape(ctx, ty.shape, c.sx, c.sy, self.r[i1], ty.color);
            return;
          }
          var best = -1, bc = -1;
          for (var t in c.tc) if (c.tc[t] > bc) { bc = c.tc[t]; best = +t; }
          var x = c.sx / c.n, y = c.sy / c.n, r = Math.min(26, 11 + 3 * Math.log10(c.n));
          // a cluster of mixed types is neutral; one mostly of one type takes its colour
          ctx.beginPath(); ctx.fillStyle = bc >= 0.6 * c.n ? types[best].color : "#3b4a5a"; ctx.globalAlpha = 0.35;
          ctx.arc(x, y, r + 4, 0, 2 * Math.PI); ctx.fill(); ctx.globalAlpha = 0.9;
          ctx.beginPath(); ctx.arc(x, y, r, 0, 2 * Math.PI); ctx.fill();
          ctx.globalAlpha = 1; ctx.fillStyle = "#fff"; ctx.font = "bold 11px sans-serif";
          ctx.textAlign = "center"; ctx.textBaseline = "middle";
          ctx.fillText(c.n > 9999 ? Math.round(c.n / 1000) + "k" : String(c.n), x, y);
          items.push({ x: x, y: y, r: r, cluster: c });
        });
      }
      this._items = items;
      this.stats = {
        markers: items.filter(function (it) { return !it.cluster; }).length,
        clusters: items.filter(function (it) { return it.cluster; }).length,
        inView: px.length
      };
      if (!G.ready && !map._animatingZoom) {
        G.firstRenderMs = performance.now();
        G.ready = true;
      }
      this.fire("draw");
    },

    _hit: function (cp) {
      for (var k = this._items.length - 1; k >= 0; k--) {
        var it = this._items[k], dx = cp.x - it.x, dy = cp.y - it.y;
        if (dx * dx + dy * dy <= (it.r + 3) * (it.r + 3)) return it;
      }
      return null;
    },

    _latLngOf: function (it) {
      return this._map.containerPointToLatLng([it.x, it.y]);
    },

    _onMove: function (e) {
      var it = this._hit(e.containerPoint), map = this._map;
      map.getContainer().style.cursor = it ? "pointer" : "";
      if (!it) {
        if (this._tip) map.closeTooltip(this._tip);
        return;
      }
      var text;
      if (it.cluster) text = it.cluster.n + " events — click to " + (this._canSplit(it.cluster) ? "zoom in" : "list them");
      else {
        var E = this.data.e, S = this.data.S, k = this.data.fields.length;
        var pl = E.f[it.i * k + this.data.fields.indexOf("place_name")];
        var dt = E.f[it.i * k + this.data.fields.indexOf("date")];
        text = [this.data.types[E.t[it.i]].label, pl >= 0 ? S[pl] : null, dt >= 0 ? S[dt] : null]
          .filter(Boolean).join(" · ");
      }
      this._tip = this._tip || L.tooltip({ direction: "top", className: "geomap-tooltip" });
      this._tip.setLatLng(this._latLngOf(it)).setContent(G.el("span", null, text));
      this._tip.options.offset = [0, -it.r];
      map.openTooltip(this._tip);
    },

    _canSplit: function (c) {
      var E = this.data.e, a = c.m[0];
      if (this._map.getZoom() >= this._map.getMaxZoom() - 2) return false;
      for (var k = 1; k < c.m.length; k++) {
        var b = c.m[k];
        if (Math.abs(E.lat[a] - E.lat[b]) > 1e-4 || Math.abs(E.lon[a] - E.lon[b]) > 1e-4) return true;
      }
      return false;
    },

    _onClick: function (e) {
      var it = this._hit(e.containerPoint);
      if (!it) return;
      if (it.cluster && this._canSplit(it.cluster)) {
        var E = this.data.e;
        var b = L.latLngBounds(it.cluster.m.map(function (i) { return [E.lat[i], E.lon[i]]; }));
        this._map.fitBounds(b, { padding: [40, 40], maxZoom: this._map.getMaxZoom() - 2 });
        return;
      }
      this.openPopup(it.cluster ? it.cluster.m : [it.i], this._latLngOf(it));
    },

    /* Open a popup with the cards of the given events (a list when several). */
    openPopup: function (ids, latlng) {
      var box = G.el("div", "geomap-popup");
      if (ids.length > 1) box.appendChild(G.el("div", "geomap-count", ids.length + " events"));
      var self = this;
      ids.slice(0, 25).forEach(function (i) { box.appendChild(G.eventCard(self.data, i)); });
      if (ids.length > 25) box.appendChild(G.el("div", "geomap-more", "… and " + (ids.length - 25) + " more: zoom in"));
      this._popup = L.popup({ maxWidth: 360, maxHeight: 360, className: "geomap-popup-wrap", autoPanPaddingTopLeft: [60, 60] })
        .setLatLng(latlng || [this.data.e.lat[ids[0]], this.data.e.lon[ids[0]]])
        .setContent(box)
        .openOn(this._map);
      return this._popup;
    },

    /* Screen position of event i, if drawn as its own marker (used by tests and search). */
    pointOf: function (i) {
      for (var k = 0; k < this._items.length; k++) if (this._items[k].i === i) return { x: this._items[k].x, y: this._items[k].y };
      return null;
    }
  });

  G.eventLayer = function (spec, options) { return new G.EventLayer(spec, options); };
})();
