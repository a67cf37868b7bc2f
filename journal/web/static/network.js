// The introductions graph: people as nodes (a tap opens their card), introductions and
// shared events as edges, laid out by Cytoscape.js (static/vendor) with its force-directed
// `cose` layout; pan and pinch-zoom come with it. The data is in the page (#journal-graph)
// and the same links are listed beside the graph, for a reader without scripts.
(function () {
  "use strict";
  var box = document.getElementById("journal-network");
  if (!box || typeof cytoscape === "undefined") return;
  var data = JSON.parse(document.getElementById("journal-graph").textContent);
  var FONT = 14;  // px at zoom 1
  var READABLE = 12;  // the least a label is drawn at, in screen px; smaller, it is hidden
  var known = {};
  var elements = data.nodes.map(function (n, i) {
    known[n.id] = true;
    // Start on a circle, so the same journal always draws the same picture.
    var a = (2 * Math.PI * i) / data.nodes.length;
    return {
      group: "nodes",
      data: { id: "p" + n.id, name: n.name, url: n.url },  // the name is drawn as text
      position: { x: 300 * Math.cos(a), y: 300 * Math.sin(a) }
    };
  });
  data.edges.forEach(function (e, i) {
    if (!known[e.source] || !known[e.target]) return;
    elements.push({
      group: "edges",
      data: { id: "e" + i, source: "p" + e.source, target: "p" + e.target, kind: e.kind }
    });
  });
  function steps(n) {
    return Math.max(60, Math.min(700, 3e6 / (n * n)));
  }
  var cy = cytoscape({
    container: box,
    elements: elements,
    layout: { name: "preset" },
    minZoom: 0.2,
    maxZoom: 4,
    boxSelectionEnabled: false,
    autoungrabify: true,  // a drag pans the graph, on a phone too; it does not move people
    style: [
      { selector: "node", style: {
        "label": "data(name)", "font-size": FONT, "color": "#111",
        "font-family": "Helvetica Neue, Helvetica, Arial, sans-serif",
        "text-valign": "bottom", "text-margin-y": 2,
        "text-wrap": "wrap", "text-max-width": 96,  // a long name on two lines, not one wide
        "text-outline-color": "#fff", "text-outline-width": 2.5,
        "min-zoomed-font-size": READABLE,
        "width": 16, "height": 16, "background-color": "#fff",
        "border-width": 2.5, "border-color": "#1e3a8a" } },
      { selector: "node:active", style: { "background-color": "#bfdbfe", "overlay-opacity": 0 } },
      { selector: "edge", style: { "width": 2, "curve-style": "straight" } },
      { selector: "edge[kind = 'via']", style: {
        "line-color": "#2563eb", "target-arrow-shape": "triangle",
        "target-arrow-color": "#2563eb", "arrow-scale": 0.9 } },
      { selector: "edge[kind = 'introduced']", style: {
        "line-color": "#059669", "line-style": "dashed", "line-dash-pattern": [8, 5] } },
      { selector: "edge[kind = 'event']", style: {
        "line-color": "#94a3b8", "line-style": "dashed", "line-dash-pattern": [2, 4] } }
    ]
  });
  var layout = cy.layout({
    name: "cose",
    randomize: false,
    animate: false,
    fit: false,
    nodeDimensionsIncludeLabels: true,
    idealEdgeLength: function (edge) { return edge.data("kind") === "event" ? 70 : 45; },
    nodeRepulsion: function () { return 4000; },
    nodeOverlap: 8,
    gravity: 0.8,
    // A step costs the square of the people: a large graph (the page draws up to 500
    // links) cools in fewer steps, from cose's temperature of 1000 down to 1.
    coolingFactor: Math.exp(Math.log(1 / 1000) / steps(data.nodes.length))
  });
  layout.one("layoutstop", function () {
    var least = READABLE / FONT;
    // On a wide screen the box grows to show the whole graph with readable labels (up to
    // a limit); a phone keeps a box shorter than its screen, and a finger pans.
    if (box.clientWidth >= 600) {
      var bb = cy.elements().boundingBox();
      var zoom = Math.min(1, (box.clientWidth - 48) / bb.w);
      if (zoom >= least) {
        box.style.height = Math.round(Math.min(Math.max(bb.h * zoom + 48, 320), 1400)) + "px";
        cy.resize();
      }
    }
    cy.fit(undefined, 24);
    // Never start with labels too small to read, nor a few people drawn huge.
    if (cy.zoom() < least || cy.zoom() > 1.5) {
      cy.zoom(Math.min(Math.max(cy.zoom(), least), 1.5));
      cy.center();
    }
    box.setAttribute("data-drawn", cy.nodes().length);
  });
  layout.run();
  cy.on("tap", "node", function (event) {
    window.location.href = event.target.data("url");
  });
  cy.on("mouseover", "node", function () { box.style.cursor = "pointer"; });
  cy.on("mouseout", "node", function () { box.style.cursor = ""; });
  box.journalGraph = cy;  // for the browser tests
})();
