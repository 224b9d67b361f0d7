/* geomap time slider: shows events (and routes) up to a date, or in a window of the last N days
   before it; Play walks through the dates. Events without a date are always shown; an event
   with a date range shows while its range overlaps the window. */
(function () {
  "use strict";
  var G = window.geomap;
  G.TimeSlider = L.Control.extend({
    options: { position: "bottomleft", playSeconds: 12 },
    initialize: function (events, routes, options) {
      L.setOptions(this, options); this.events = events; this.routes = routes;
    },
    onAdd: function (map) {
      var self = this, box = G.el("div", "geomap-time leaflet-bar");
      L.DomEvent.disableClickPropagation(box);
      L.DomEvent.disableScrollPropagation(box);
      box.style.display = "none";
      this.events.whenData(function (d) {
        var days = d.e.d.filter(function (x) { return x !== null && x !== undefined; });
        d.r.forEach(function (r) { if (r.d !== null && r.d !== undefined) days.push(r.d); });
        if (!days.length) return;
        var lo = days.reduce(function (a, b) { return Math.min(a, b); }, Infinity);
        var hi = days.reduce(function (a, b) { return Math.max(a, b); }, -Infinity);
        if (lo === hi) return; // one date: nothing to slide
        self.lo = lo; self.hi = hi;
        box.style.display = "";
        var play = G.el("button", "geomap-play", "▶"); play.type = "button"; play.title = "Play";
        var input = G.el("input"); input.type = "range"; input.min = lo; input.max = hi; input.step = 1; input.value = hi;
        var label = G.el("span", "geomap-time-label");
        var all = G.el("button", "geomap-all", "all"); all.type = "button"; all.title = "Show all dates";
        // the window: everything up to the date, or only its last N days
        var win = G.el("select", "geomap-window"); win.title = "Time window";
        [["0", "up to"], ["1", "day"], ["7", "week"], ["30", "30 days"], ["365", "year"]].forEach(function (o) {
          var opt = G.el("option", null, o[1]); opt.value = o[0]; win.appendChild(opt);
        });
        box.appendChild(play); box.appendChild(win); box.appendChild(input); box.appendChild(label); box.appendChild(all);
        self.input = input; self.label = label; self.win = win;
        L.DomEvent.on(win, "change", function () { self.setDay(+input.value); });
        var update = function () { self.setDay(+input.value); };
        L.DomEvent.on(input, "input", update);
        L.DomEvent.on(all, "click", function () { self.stop(play); input.value = hi; self.setDay(null); });
        L.DomEvent.on(play, "click", function () {
          if (self.timer) { self.stop(play); return; }
          if (+input.value >= hi) input.value = lo;
          play.textContent = "⏸";
          var step = Math.max(1, Math.ceil((hi - lo) / (self.options.playSeconds * 10)));
          self.timer = setInterval(function () {
            var v = Math.min(hi, +input.value + step);
            input.value = v; update();
            if (v >= hi) self.stop(play);
          }, 100);
        });
        self.setDay(null);
      });
      return box;
    },
    stop: function (play) {
      clearInterval(this.timer); this.timer = null; play.textContent = "▶";
    },
    /* Show events dated up to `day` (days since 1970-01-01); null shows everything. */
    setDay: function (day) {
      var w = this.win ? +this.win.value : 0;
      var range = day === null ? null : [w ? day - w + 1 : this.lo, day];
      this.events.setRange(range);
      if (this.routes) this.routes.setRange(range);
      var n = this.events.visibleCount();
      var when = day === null ? "all dates"
        : (range[0] > this.lo ? G.dayToIso(range[0]) + " – " : "to ") + G.dayToIso(day);
      this.label.textContent = when + " · " + n + " events";
    }
  });
  G.timeSlider = function (events, routes, options) { return new G.TimeSlider(events, routes, options); };
})();
