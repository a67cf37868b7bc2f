// The map: one marker a place (clustered when they crowd), from the data in the page
// (#journal-places). Leaflet and its cluster plugin ship in static/vendor; only the
// tiles come from the network, and the places stay listed under the map without them.
(function () {
  "use strict";
  var places = JSON.parse(document.getElementById("journal-places").textContent);
  var box = document.getElementById("journal-map");
  if (!box || typeof L === "undefined") return;
  var map = L.map(box, { worldCopyJump: true }).setView([30, 10], 2);
  L.tileLayer("https://tile.openstreetmap.org/{z}/{x}/{y}.png", {
    maxZoom: 18,
    attribution: '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>'
  }).addTo(map);
  var cluster = L.markerClusterGroup({ maxClusterRadius: 40 });
  var bounds = [];
  places.forEach(function (p) {
    var icon = L.divIcon({ className: "journal-pin", html: "", iconSize: [26, 26] });
    var marker = L.marker([p.latitude, p.longitude], { icon: icon, title: p.label });
    var count = document.createElement("span");
    count.textContent = String(p.people || "");
    // The popup is built from text nodes: names are never read as markup.
    var pop = document.createElement("div");
    var head = document.createElement("strong");
    head.textContent = p.label;
    pop.appendChild(head);
    p.links.forEach(function (l) {
      pop.appendChild(document.createElement("br"));
      var a = document.createElement("a");
      a.href = l.url;
      a.textContent = l.text;
      pop.appendChild(a);
    });
    marker.bindPopup(pop);
    marker.on("add", function () {
      var e = marker.getElement();
      if (e && !e.firstChild) e.appendChild(count);
    });
    cluster.addLayer(marker);
    bounds.push([p.latitude, p.longitude]);
  });
  map.addLayer(cluster);
  if (bounds.length) map.fitBounds(bounds, { padding: [30, 30], maxZoom: 10 });
  box.setAttribute("data-markers", places.length);
})();
