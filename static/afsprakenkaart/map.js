/* Afsprakenkaart map helpers. Served by Streamlit (offline first), loaded after
   leaflet.js inside the map component. Data values arrive already HTML-escaped. */
(function () {
  "use strict";
  // leaflet.css is not applied yet when the map script runs, so Leaflet cannot
  // guess its image folder: tell it.
  L.Icon.Default.imagePath = "/app/static/vendor/leaflet/images/";

  var afk = {};

  // The map's own words in the page's language (layers/map_builder.py, base_map):
  // the document's language, the names of Leaflet's buttons (English by default) and
  // of our controls. `afk.label(map, key)` reads one ("" before they are set).
  afk.localise = function (map, lang, labels) {
    document.documentElement.lang = lang;
    map._afkLabels = labels;
    var zoom = map.zoomControl;
    if (zoom) {
      [[zoom._zoomInButton, labels.zoomIn], [zoom._zoomOutButton, labels.zoomOut]].forEach(function (b) {
        b[0].title = b[1];
        b[0].setAttribute("aria-label", b[1]);
      });
    }
    map.on("popupopen", function (e) {
      var close = e.popup._closeButton;
      if (close) { close.setAttribute("aria-label", labels.close); close.title = labels.close; }
    });
  };

  // Leaflet.draw's words (the polygon tool of signed-in users), before its control is
  // made: it reads them then. `t` holds our messages (layers/map_builder.py).
  afk.localiseDraw = function (t) {
    if (!L.drawLocal) { return; }
    var bar = L.drawLocal.draw.toolbar, on = L.drawLocal.draw.handlers;
    bar.buttons.polygon = t.polygon;
    bar.buttons.rectangle = t.rectangle;
    bar.actions = { title: t.cancelTitle, text: t.cancel };
    bar.finish = { title: t.finishTitle, text: t.finish };
    bar.undo = { title: t.undoTitle, text: t.undo };
    on.polygon.tooltip = { start: t.start, cont: t.cont, end: t.end };
    on.polyline.error = t.cross;
    on.rectangle.tooltip = { start: t.rectangleStart };
    on.simpleshape.tooltip = { end: t.release };
  };

  afk.label = function (map, key) {
    return (map._afkLabels && map._afkLabels[key]) || "";
  };

  // The layer control's fold-out button (a narrow map) is called "Layers" by Leaflet.
  afk.localiseLayers = function (control, map) {
    var link = control._layersLink, name = afk.label(map, "layers");
    if (link && name) { link.title = name; link.setAttribute("aria-label", name); }
  };

  // A buurt's name as a tooltip while the pointer is over it. Chromium puts every SVG
  // shape with a focus listener (Leaflet adds one for its tooltip) in the Tab order
  // (Leaflet/Leaflet#8659): a nameless stop per buurt on a keyboard user's way to the
  // buurt list, which is the keyboard's way to a buurt (and shows the same names).
  // So the shapes are not focusable.
  afk.hoverName = function (feature, layer) {
    layer.bindTooltip(feature.properties.tip, { sticky: true });
    layer.on("add", function () {
      var el = layer.getElement && layer.getElement();
      if (el) { el.setAttribute("tabindex", "-1"); }
    });
  };

  // A control that lives and dies with a layer group (legend, year title).
  afk.boundControl = function (group, position, className, html) {
    var ctrl = L.control({ position: position });
    ctrl.onAdd = function () {
      var div = L.DomUtil.create("div", className);
      div.innerHTML = html;
      L.DomEvent.disableClickPropagation(div);
      L.DomEvent.disableScrollPropagation(div);
      return div;
    };
    group.on("add", function (e) { ctrl.addTo(e.target._map); });
    group.on("remove", function () { ctrl.remove(); });
    return ctrl;
  };

  // All legends share one box (bottom right); each layer group adds its section
  // while it is on the map. The newest group's section goes on top, matching the
  // drawing order (the top layer's legend first).
  afk.legendBox = function (map) {
    if (!map._afkLegendBox) {
      var ctrl = L.control({ position: "topright" });
      ctrl.onAdd = function () {
        var div = L.DomUtil.create("div", "afk-legend");
        div.setAttribute("role", "region");
        div.setAttribute("aria-label", afk.label(map, "legend"));
        L.DomEvent.disableClickPropagation(div);
        L.DomEvent.disableScrollPropagation(div);
        return div;
      };
      ctrl.addTo(map);
      map._afkLegendBox = ctrl.getContainer();
    }
    return map._afkLegendBox;
  };

  afk.boundLegend = function (group, html) {
    var section = L.DomUtil.create("details", "afk-legend-section");
    section.innerHTML = html;
    group.on("add", function (e) {
      var box = afk.legendBox(e.target._map);
      // Open on a wide (beamer) map; on a laptop only the titles, a click opens one.
      section.open = e.target._map.getSize().x >= 900;
      box.insertBefore(section, box.firstChild);
      box.style.display = "";
      if (e.target._map.fire) { e.target._map.fire("afk:legend"); }
    });
    group.on("remove", function () {
      var box = section.parentNode;
      if (box) {
        box.removeChild(section);
        if (!box.children.length) { box.style.display = "none"; }
      }
    });
  };

  // Fit the municipality into view whenever the map's box changes size (the page
  // sizes the iframe after the script ran; stylesheets may arrive later still),
  // until the user moves or zooms the map in any way (drag, wheel, +/- buttons,
  // keyboard): from then on the view is theirs, also across year changes.
  afk.fitUntilTouched = function (map, bounds) {
    var touched = false, fitting = false;
    map.on("movestart zoomstart", function () { if (!fitting) { touched = true; } });
    function fit() {
      // Popups pan clear of the legend box when it is open (wide maps).
      L.Popup.prototype.options.autoPanPaddingTopRight = L.point(map.getSize().x >= 900 ? 300 : 40, 10);
      fitting = true;
      try {
        map.invalidateSize();
        if (touched) { return; }
        var legend = map._afkLegendBox;
        var wide = map.getSize().x >= 900;
        var right = wide && legend && legend.offsetParent ? legend.offsetWidth + 20 : 10;
        map.fitBounds(bounds, { paddingTopLeft: [10, 10], paddingBottomRight: [right, 10], animate: false });
      } finally {
        fitting = false;
      }
    }
    // Many triggers at start-up (iframe sized, four legends added, load): one fit
    // per frame, so the clusters and polygons are laid out once, not six times.
    var pending = false;
    function schedule() {
      if (pending) { return; }
      pending = true;
      window.requestAnimationFrame(function () { pending = false; fit(); });
    }
    if (window.ResizeObserver) {
      new ResizeObserver(schedule).observe(map.getContainer());
    }
    map.on("afk:legend", schedule);
    window.addEventListener("load", schedule);
    schedule();
  };

  // An area layer with a popup swallows the click (Leaflet stops it), so the map
  // would not hear it and the buurt under it would not be selected: pass it on.
  // A popup that opens under the open layer control (top left; controls always sit
  // above popups) is moved clear of it: the map pans right or down, whichever is
  // less, and only then. Leaflet's own autoPan padding would pan for every popup near
  // the left edge, and a click that moves the map would make the next click land
  // somewhere else.
  afk.clearOfControls = function (e) {
    var map = e.popup._map, element = e.popup.getElement();
    var control = map && map.getContainer().querySelector(".leaflet-control-layers");
    if (!control || !element) { return; }
    var box = element.getBoundingClientRect(), c = control.getBoundingClientRect();
    var overlapX = Math.min(box.right, c.right) - Math.max(box.left, c.left);
    var overlapY = Math.min(box.bottom, c.bottom) - Math.max(box.top, c.top);
    if (overlapX <= 0 || overlapY <= 0) { return; }
    var right = c.right - box.left + 8, down = c.bottom - box.top + 8;
    map.panBy(right <= down ? [-right, 0] : [0, -down]);
  };

  afk.popupAndSelect = function (feature, layer) {
    layer.bindPopup(feature.properties.popup, { maxWidth: 360 });
    layer.on("popupopen", afk.clearOfControls);
    layer.on("click", function (e) {
      if (layer._map) { layer._map.fire("click", { latlng: e.latlng, originalEvent: e.originalEvent }); }
    });
  };

  // streamlit-folium reports a map click only when its coordinates differ from the
  // last one, so a second click on the same spot (to remove an area just added) would
  // be lost. Registered before its own listener, this moves every other click by
  // 1e-9 degrees (0.1 mm): each click then counts.
  afk.uniqueClicks = function (map) {
    var n = 0;
    map.on("click", function (e) {
      n += 1;
      e.latlng = L.latLng(e.latlng.lat + (n % 2 ? 1e-9 : 0), e.latlng.lng);
    });
  };

  // Cluster bubbles in one neutral colour: the corporation colours mean something.
  // A bubble is a button (Enter zooms in): named "336 homes ...", not just "336".
  afk.clusterIcon = function (cluster) {
    var n = cluster.getChildCount();
    var size = n < 50 ? 34 : n < 250 ? 42 : 50;
    var name = afk.label(cluster._group._map, "cluster").replace("{count}", n) || String(n);
    return L.divIcon({
      html: "<div><span aria-hidden='true'>" + n + "</span><span class='afk-sr-only'>" +
        name + "</span></div>",
      className: "afk-cluster", iconSize: L.point(size, size)
    });
  };

  // Buurt names, shown only from `minZoom` on so the overview stays readable.
  afk.labels = function (map, rows, minZoom) {
    // Their own pane above the markers (z 600) and below popups (z 700): a name
    // must stay readable where homes cluster.
    var pane = map.createPane("afkLabels");
    pane.style.zIndex = 640;
    pane.style.pointerEvents = "none";
    var group = L.layerGroup();
    rows.forEach(function (r) {
      L.marker([r[0], r[1]], {
        icon: L.divIcon({ className: "afk-label", html: "<span>" + r[2] + "</span>", iconSize: null }),
        interactive: false, keyboard: false, pane: "afkLabels"
      }).addTo(group);
    });
    function sync() {
      if (map.getZoom() >= minZoom) { if (!map.hasLayer(group)) { group.addTo(map); } }
      else if (map.hasLayer(group)) { map.removeLayer(group); }
    }
    map.on("zoomend", sync);
    sync();
    return group;
  };

  // SVG hatch patterns for areas that must read over other layers.
  afk.ensureHatch = function (map, id, colour) {
    var svg = map.getPanes().overlayPane.querySelector("svg");
    if (!svg || svg.querySelector("#" + id)) { return; }
    var ns = "http://www.w3.org/2000/svg";
    var defs = svg.querySelector("defs") || svg.insertBefore(document.createElementNS(ns, "defs"), svg.firstChild);
    var p = document.createElementNS(ns, "pattern");
    p.setAttribute("id", id);
    p.setAttribute("patternUnits", "userSpaceOnUse");
    p.setAttribute("width", "10");
    p.setAttribute("height", "10");
    p.setAttribute("patternTransform", "rotate(45)");
    var line = document.createElementNS(ns, "rect");
    line.setAttribute("width", "4");
    line.setAttribute("height", "10");
    line.setAttribute("fill", colour);
    p.appendChild(line);
    defs.appendChild(p);
  };

  // Homes as one clustered layer, added in bulk (one clustering pass, not 3,000).
  afk.homeCluster = function (parent, rows, lk, options) {
    options.iconCreateFunction = afk.clusterIcon;
    var cluster = L.markerClusterGroup(options);
    var icons = {};
    cluster.addLayers(rows.map(function (r) { return afk.homeMarker(r, lk, icons); }));
    cluster.addTo(parent);
    return cluster;
  };

  // One corporation home. `lk` holds the lookup tables, `row` indexes into them:
  // [lat, lon, corp, measure, state, complex, bouwjaar, type, label, measureYear].
  // Homes that look alike share one icon object (`icons`).
  afk.homeMarker = function (row, lk, icons) {
    var key = row[2] + "." + row[3] + "." + row[4];
    var icon = icons && icons[key];
    if (!icon) {
      icon = L.divIcon({ className: "afk-home", html: lk.icons[row[2]][row[3]][row[4]],
                         iconSize: [22, 22], iconAnchor: [11, 11] });
      if (icons) { icons[key] = icon; }
    }
    var marker = L.marker([row[0], row[1]], { icon: icon, keyboard: false });
    marker.bindPopup(function () {
      var v = [lk.corps[row[2]], lk.complexes[row[5]], row[6] || lk.unknown, lk.types[row[7]],
               lk.labels[row[8]], lk.measures[row[3]], row[9] || "", lk.states[row[4]]];
      var rows = "";
      for (var i = 0; i < lk.fields.length; i++) {
        rows += "<tr><th scope='row'>" + lk.fields[i] + "</th><td>" + v[i] + "</td></tr>";
      }
      return "<div class='afk-popup'><h2>" + lk.title + "</h2><table>" + rows + "</table>" + lk.demo + "</div>";
    }, { maxWidth: 360 });
    return marker;
  };

  // The map's centre and zoom in the page's address (?at=lat,lon,zoom) after every
  // move: Streamlit sends the address with each rerun, so the server sees where the
  // map looks without a rerun per pan. The component is served from the app's own
  // origin; where the parent cannot be reached, nothing happens.
  afk.trackView = function (map) {
    map.on("moveend", function () {
      try {
        var c = map.getCenter();
        var url = new URL(window.parent.location.href);
        url.searchParams.set("at", c.lat.toFixed(5) + "," + c.lng.toFixed(5) + "," +
          (Math.round(map.getZoom() * 100) / 100));
        window.parent.history.replaceState(window.parent.history.state, "", url.toString());
      } catch (e) { /* another origin: the link keeps no place */ }
    });
  };

  window.afk = afk;
})();

/* Point symbols with popups: rows of [lat, lon, iconHtml, popupHtml, label, width?, lift?]
   (width: a row of several symbols, each `size` wide; lift: drawn that many pixels
   above the point, so it does not cover another layer's symbol there). */
window.afk.points = function (group, rows, className, size) {
  rows.forEach(function (r) {
    var width = r[5] || size, lift = r[6] || 0;
    var marker = L.marker([r[0], r[1]], {
      icon: L.divIcon({ className: className, html: r[2], iconSize: [width, size], iconAnchor: [width / 2, size / 2 + lift] }),
      title: r[4], alt: r[4], riseOnHover: true
    }).bindPopup(r[3], { maxWidth: 360 });
    marker.on("popupopen", window.afk.clearOfControls);
    marker.addTo(group);
  });
};
