/* geomap core: data decoding, marker shapes and popup cards. Every value from the data is put
   into the page with textContent / DOM nodes, never as HTML, so article text stays inert. */
(function () {
  "use strict";
  var G = (window.geomap = window.geomap || {});
  G.ready = false;
  G.t0 = performance.now();

  /* Payload: a JSON object, or {gz: base64} of gzip-compressed JSON (large maps). */
  G.decode = function (spec) {
    if (!spec || !spec.gz) return Promise.resolve(spec);
    var bin = atob(spec.gz), bytes = new Uint8Array(bin.length);
    for (var i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
    return new Response(stream).text().then(JSON.parse);
  };

  G.el = function (tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  };

  G.esc = function (s) {
    return String(s).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  };

  G.safeUrl = function (u) {
    /* Only http(s) links: a 'javascript:' URL in an article must not become clickable code. */
    try {
      var p = new URL(u);
      return p.protocol === "http:" || p.protocol === "https:" ? p.href : null;
    } catch (e) {
      return null;
    }
  };

  G.dayToIso = function (d) {
    return new Date(d * 86400000).toISOString().slice(0, 10);
  };

  function poly(ctx, x, y, r, n, rot) {
    ctx.beginPath();
    for (var i = 0; i < n; i++) {
      var a = rot + (i * 2 * Math.PI) / n;
      ctx.lineTo(x + r * Math.cos(a), y + r * Math.sin(a));
    }
    ctx.closePath();
  }

  /* Draw one marker shape filled with colour and outlined in white. */
  G.drawShape = function (ctx, shape, x, y, r, color) {
    ctx.fillStyle = color;
    ctx.strokeStyle = "#fff";
    ctx.lineWidth = 1.5;
    var up = -Math.PI / 2;
    switch (shape) {
      case "square": ctx.beginPath(); ctx.rect(x - r * 0.85, y - r * 0.85, r * 1.7, r * 1.7); break;
      case "triangle": poly(ctx, x, y + r * 0.15, r * 1.15, 3, up); break;
      case "invtriangle": poly(ctx, x, y - r * 0.15, r * 1.15, 3, Math.PI / 2); break;
      case "diamond": poly(ctx, x, y, r * 1.15, 4, up); break;
      case "pentagon": poly(ctx, x, y, r * 1.05, 5, up); break;
      case "hexagon": poly(ctx, x, y, r * 1.05, 6, 0); break;
      case "star":
        ctx.beginPath();
        for (var i = 0; i < 10; i++) {
          var rr = i % 2 ? r * 0.5 : r * 1.25, a = up + (i * Math.PI) / 5;
          ctx.lineTo(x + rr * Math.cos(a), y + rr * Math.sin(a));
        }
        ctx.closePath();
        break;
      case "cross":
        var w = r * 0.42;
        ctx.beginPath();
        ctx.moveTo(x - w, y - r); ctx.lineTo(x + w, y - r); ctx.lineTo(x + w, y - w);
        ctx.lineTo(x + r, y - w); ctx.lineTo(x + r, y + w); ctx.lineTo(x + w, y + w);
        ctx.lineTo(x + w, y + r); ctx.lineTo(x - w, y + r); ctx.lineTo(x - w, y + w);
        ctx.lineTo(x - r, y + w); ctx.lineTo(x - r, y - w); ctx.lineTo(x - w, y - w);
        ctx.closePath();
        break;
      case "ring":
        ctx.beginPath(); ctx.arc(x, y, r, 0, 2 * Math.PI); ctx.fill(); ctx.stroke();
        ctx.beginPath(); ctx.fillStyle = "#fff"; ctx.arc(x, y, r * 0.45, 0, 2 * Math.PI);
        break;
      default: ctx.beginPath(); ctx.arc(x, y, r, 0, 2 * Math.PI);
    }
    ctx.fill();
    ctx.stroke();
  };

  /* A small canvas with a type's shape, for the legend and popups. */
  G.swatch = function (type, size) {
    size = size || 18;
    var c = document.createElement("canvas");
    var dpr = window.devicePixelRatio || 1;
    c.width = c.height = size * dpr;
    c.style.width = c.style.height = size + "px";
    c.className = "geomap-swatch";
    var ctx = c.getContext("2d");
    ctx.scale(dpr, dpr);
    G.drawShape(ctx, type.shape, size / 2, size / 2, size / 2 - 3, type.color);
    return c;
  };

  function row(tbl, label, value) {
    if (value === null || value === undefined || value === "") return;
    var tr = G.el("tr");
    tr.appendChild(G.el("th", null, label));
    var td = G.el("td");
    if (value instanceof Node) td.appendChild(value); else td.textContent = String(value);
    tr.appendChild(td);
    tbl.appendChild(tr);
  }

  function sourcesList(data, ids) {
    if (!ids || !ids.length) return null;
    var ul = G.el("ul", "geomap-sources");
    ids.forEach(function (k) {
      var s = data.src[k], S = data.S;
      var title = s[0] >= 0 ? S[s[0]] : null, url = s[1] >= 0 ? S[s[1]] : null;
      var pub = s[2] >= 0 ? S[s[2]] : null, aid = s[3] >= 0 ? S[s[3]] : null;
      var li = G.el("li"), href = url && G.safeUrl(url);
      var label = title || url || (aid ? "article " + aid : "article");
      if (href) {
        var a = G.el("a", null, label);
        a.href = href; a.target = "_blank"; a.rel = "noopener noreferrer nofollow";
        li.appendChild(a);
      } else li.appendChild(G.el("span", null, label));
      if (pub) li.appendChild(G.el("span", "geomap-pub", " (" + pub.slice(0, 10) + ")"));
      ul.appendChild(li);
    });
    return ul;
  }
  G.sourcesList = sourcesList;

  /* The popup card of event i: what, where, when, who, how many, evidence, sources, precision. */
  G.eventCard = function (data, i) {
    var E = data.e, S = data.S, F = data.fields, k = F.length, type = data.types[E.t[i]];
    var f = {};
    for (var j = 0; j < k; j++) {
      var v = E.f[i * k + j];
      f[F[j]] = v >= 0 ? S[v] : null;
    }
    var card = G.el("div", "geomap-card");
    var head = G.el("div", "geomap-head");
    head.appendChild(G.swatch(type, 16));
    head.appendChild(G.el("strong", null, type.label + (f.subtype ? " · " + f.subtype.replace(/_/g, " ") : "")));
    if (f.modality && f.modality !== "reported") head.appendChild(G.el("em", null, " (" + f.modality + ")"));
    card.appendChild(head);
    var tbl = G.el("table");
    // an admin1 that is only a GeoNames code ("41") says nothing to a reader
    var admin1 = f.admin1 && !/^[0-9A-Z]{1,3}$/.test(f.admin1) ? f.admin1 : null;
    var where = [f.place_name, admin1, f.country_code].filter(Boolean).join(", ");
    row(tbl, "Where", where || null);
    var when = f.date ? f.date + (f.date_end && f.date_end !== f.date ? " – " + f.date_end : "") : null;
    if (when && f.time_precision && f.time_precision !== "day") when += " (" + f.time_precision + ")";
    row(tbl, "When", when);
    var who = [f.actor1, f.actor2].filter(Boolean).join(" → ");
    row(tbl, "Who", who || null);
    row(tbl, "How many", f.qty);
    row(tbl, "Precision", f.geo_precision);
    var c = E.c[i];
    row(tbl, "Confidence", c === null || c === undefined ? null : c + "%");
    card.appendChild(tbl);
    if (f.evidence) card.appendChild(G.el("blockquote", "geomap-evidence", f.evidence));
    var src = sourcesList(data, E.src[i]);
    if (src) card.appendChild(src);
    return card;
  };

  G.routeCard = function (data, r) {
    var card = G.el("div", "geomap-card");
    var head = G.el("div", "geomap-head");
    var line = G.el("span", "geomap-line");
    line.style.background = r.color;
    head.appendChild(line);
    head.appendChild(G.el("strong", null, "Route · " + r.mode));
    card.appendChild(head);
    var tbl = G.el("table");
    row(tbl, "From", r.origin);
    if (r.via && r.via.length) row(tbl, "Via", r.via.join(", "));
    row(tbl, "To", r.destination);
    row(tbl, "When", r.date);
    row(tbl, "How many", r.qty);
    row(tbl, "Precision", r.precision);
    card.appendChild(tbl);
    if (r.evidence) card.appendChild(G.el("blockquote", "geomap-evidence", r.evidence));
    var src = sourcesList(data, r.src);
    if (src) card.appendChild(src);
    return card;
  };

  G.markReady = function (what) {
    G.parts = G.parts || {};
    G.parts[what] = true;
  };
})();
