// The introductions graph: people as nodes (each a link to their card), introductions and
// shared events as edges, laid out by a small force simulation. No library, no network:
// the data is in the page (#journal-graph) and the same links are listed under it.
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("journal-graph").textContent);
  var svg = document.getElementById("journal-network");
  if (!svg || !data.nodes.length) return;
  var NS = "http://www.w3.org/2000/svg";
  var W = 1000, H = 700;
  var byId = {};
  data.nodes.forEach(function (n, i) {
    // Start on a circle, so the same journal always draws the same picture.
    var a = (2 * Math.PI * i) / data.nodes.length;
    n.x = W / 2 + (W / 3) * Math.cos(a);
    n.y = H / 2 + (H / 3) * Math.sin(a);
    n.vx = 0; n.vy = 0;
    byId[n.id] = n;
  });
  var edges = data.edges.filter(function (e) { return byId[e.source] && byId[e.target]; });
  var k = Math.sqrt((W * H) / data.nodes.length) * 0.6;
  for (var step = 0; step < 200; step++) {
    var heat = 1 - step / 200;
    for (var i = 0; i < data.nodes.length; i++) {
      var p = data.nodes[i];
      for (var j = i + 1; j < data.nodes.length; j++) {
        var q = data.nodes[j];
        var dx = p.x - q.x, dy = p.y - q.y, d2 = dx * dx + dy * dy + 0.01;
        var f = (k * k) / d2;
        p.vx += dx * f; p.vy += dy * f; q.vx -= dx * f; q.vy -= dy * f;
      }
    }
    edges.forEach(function (e) {
      var s = byId[e.source], t = byId[e.target];
      var dx = t.x - s.x, dy = t.y - s.y, d = Math.sqrt(dx * dx + dy * dy) + 0.01;
      var f = (d * d) / k / d * (e.kind === "event" ? 0.3 : 1);
      s.vx += dx * f; s.vy += dy * f; t.vx -= dx * f; t.vy -= dy * f;
    });
    data.nodes.forEach(function (n) {
      n.vx += (W / 2 - 80 - n.x) * 0.02; n.vy += (H / 2 - n.y) * 0.02;  // gravity
      var v = Math.sqrt(n.vx * n.vx + n.vy * n.vy) + 0.01, most = 40 * heat + 1;
      n.x += (n.vx / v) * Math.min(v, most); n.y += (n.vy / v) * Math.min(v, most);
      // Room for the name, written to the right of its node.
      n.x = Math.max(30, Math.min(W - 190, n.x)); n.y = Math.max(30, Math.min(H - 30, n.y));
      n.vx = 0; n.vy = 0;
    });
  }
  function el(name, attrs, parent) {
    var e = document.createElementNS(NS, name);
    Object.keys(attrs).forEach(function (a) { e.setAttribute(a, attrs[a]); });
    parent.appendChild(e);
    return e;
  }
  var lines = el("g", { "class": "journal-edges" }, svg);
  edges.forEach(function (e) {
    var s = byId[e.source], t = byId[e.target];
    var line = el("line", { x1: s.x, y1: s.y, x2: t.x, y2: t.y,
      "class": "journal-edge journal-edge-" + e.kind }, lines);
    var title = el("title", {}, line);
    title.textContent = e.kind === "via" ? s.name + " introduced you to " + t.name
      : e.kind === "introduced" ? "You introduced " + s.name + " and " + t.name
      : s.name + " and " + t.name + " met at " + e.event;
  });
  var nodes = el("g", { "class": "journal-nodes" }, svg);
  data.nodes.forEach(function (n) {
    var a = el("a", { href: n.url, "class": "journal-node", "data-id": n.id }, nodes);
    el("circle", { cx: n.x, cy: n.y, r: 9 }, a);
    var label = el("text", { x: n.x + 12, y: n.y + 4 }, a);
    label.textContent = n.name;  // text, never markup
  });
  svg.setAttribute("data-drawn", data.nodes.length);
})();
