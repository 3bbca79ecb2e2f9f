/* Afsprakenkaart: two years side by side (the comparison page). Loaded after
   leaflet.js, L.Map.Sync.js and map.js inside the map component. */
(function () {
  "use strict";
  var afk = window.afk;

  // The side's year in large type, first in the top-left corner (above the zoom
  // buttons), so the room sees at once which map shows which year.
  afk.yearBadge = function (map, year, label) {
    var ctrl = L.control({ position: "topleft" });
    ctrl.onAdd = function () {
      var div = L.DomUtil.create("div", "afk-year-badge");
      div.textContent = year;
      div.setAttribute("role", "heading");
      div.setAttribute("aria-level", "2");
      div.setAttribute("aria-label", label);
      div.title = label;
      L.DomEvent.disableClickPropagation(div);
      return div;
    };
    ctrl.addTo(map);
    var box = ctrl.getContainer(), corner = box.parentNode;
    corner.insertBefore(box, corner.firstChild);
    return ctrl;
  };

  // A year change rebuilds both maps (a new iframe document). Keep the view the user
  // chose: it is remembered in the Streamlit page around the iframe (same origin),
  // which lives until the page is reloaded; a fresh page fits the municipality
  // (or opens the view its link names).
  var VIEW = "__afkCompareView";
  function holder() {
    try { return window.parent && window.parent !== window ? window.parent : window; }
    catch (e) { return window; }
  }

  // On a phone the maps are small: the legend folds into one button ("Legenda").
  function legendToggle(map, label) {
    var box = map._afkLegendBox;
    if (!box) { return; }
    var button = L.DomUtil.create("button", "afk-legend-toggle");
    button.type = "button";
    button.textContent = label;
    button.setAttribute("aria-expanded", "false");
    box.insertBefore(button, box.firstChild);
    L.DomEvent.on(button, "click", function () {
      var open = !box.classList.contains("afk-legend-open");
      box.classList.toggle("afk-legend-open", open);
      button.setAttribute("aria-expanded", open ? "true" : "false");
    });
  }

  // A shared link may carry the view as ?at=lat,lon,zoom (as the map page writes it):
  // the first maps of a page open there.
  var LINK_READ = "__afkCompareLinkRead";
  function viewFromLink(store) {
    try {
      var at = new URL(store.location.href).searchParams.get("at");
      var parts = (at || "").split(",").map(Number);
      if (parts.length === 3 && parts.every(isFinite)) {
        return { lat: parts[0], lng: parts[1], zoom: parts[2] };
      }
    } catch (e) { /* no readable address: fit the municipality */ }
    return null;
  }

  afk.compare = function (left, right, labels) {
    legendToggle(left, labels.legend);
    legendToggle(right, labels.legend);
    var store = holder();
    var byUser = false;
    [left, right].forEach(function (map) {
      var box = map.getContainer();
      ["mousedown", "touchstart", "wheel", "keydown", "dblclick"].forEach(function (type) {
        box.addEventListener(type, function () { byUser = true; }, { passive: true, capture: true });
      });
      map.on("moveend", function () {
        if (byUser) {
          var c = map.getCenter();
          store[VIEW] = { lat: c.lat, lng: c.lng, zoom: map.getZoom() };
        }
      });
    });
    var saved = store[VIEW];
    if (!saved && !store[LINK_READ]) { saved = store[VIEW] = viewFromLink(store); }
    store[LINK_READ] = true;
    if (saved) {
      left.setView([saved.lat, saved.lng], saved.zoom, { animate: false });
    }
  };
})();
