// Maps: pan and zoom (buttons, wheel, drag), clicking on the map to set a
// place, and address suggestions as one types. Without this script the map
// is a still picture with links, and addresses are found by the form's
// "find address" button.
(function () {
  "use strict";
  var SCREEN = 800; // the width markers keep their size at (see maps::view)

  function setupMap(frame) {
    var svg = frame.querySelector("svg");
    if (!svg) return null;
    var start = frame.getAttribute("data-view").split(" ").map(Number);
    var view = start.slice();
    var originX = Number(frame.getAttribute("data-origin-x"));
    var originY = Number(frame.getAttribute("data-origin-y"));
    var zoom = Number(frame.getAttribute("data-zoom"));
    var scaled = [].slice.call(svg.querySelectorAll(".map-marker-shape, .map-picked"));
    var places = scaled.map(function (el) {
      var m = /translate\(([-\d.]+)[ ,]+([-\d.]+)\)/.exec(el.getAttribute("transform") || "");
      return m ? [Number(m[1]), Number(m[2])] : [0, 0];
    });

    function draw() {
      svg.setAttribute("viewBox", view.map(function (v) { return v.toFixed(1); }).join(" "));
      // Markers keep their size on the screen, whatever the zoom and width.
      var width = svg.getBoundingClientRect().width || SCREEN;
      var s = (view[2] / width).toFixed(3);
      scaled.forEach(function (el, i) {
        el.setAttribute("transform", "translate(" + places[i][0] + " " + places[i][1] + ") scale(" + s + ")");
      });
    }

    function zoomBy(factor, cx, cy) {
      var w = Math.min(Math.max(view[2] * factor, 150), 200000);
      var f = w / view[2];
      if (cx === undefined) { cx = view[0] + view[2] / 2; cy = view[1] + view[3] / 2; }
      view = [cx - (cx - view[0]) * f, cy - (cy - view[1]) * f, w, view[3] * f];
      draw();
    }

    function pan(dx, dy) {
      view[0] += dx * view[2];
      view[1] += dy * view[3];
      draw();
    }

    function toMap(evt) {
      var ctm = svg.getScreenCTM();
      if (!ctm) return null;
      var p = svg.createSVGPoint();
      p.x = evt.clientX;
      p.y = evt.clientY;
      return p.matrixTransform(ctm.inverse());
    }

    var controls = document.createElement("div");
    controls.className = "map-controls";
    controls.setAttribute("role", "group");
    controls.setAttribute("aria-label", frame.getAttribute("data-label-controls"));
    [
      ["in", "+", function () { zoomBy(1 / 1.5); }],
      ["out", "\u2212", function () { zoomBy(1.5); }],
      ["left", "\u2190", function () { pan(-0.25, 0); }],
      ["right", "\u2192", function () { pan(0.25, 0); }],
      ["up", "\u2191", function () { pan(0, -0.25); }],
      ["down", "\u2193", function () { pan(0, 0.25); }],
      ["reset", "\u27f2", function () { view = start.slice(); draw(); }]
    ].forEach(function (b) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "map-button map-" + b[0];
      button.setAttribute("aria-label", frame.getAttribute("data-label-" + b[0]));
      button.title = frame.getAttribute("data-label-" + b[0]);
      button.textContent = b[1];
      button.addEventListener("click", b[2]);
      controls.appendChild(button);
    });
    frame.insertBefore(controls, svg);
    draw();
    window.addEventListener("resize", draw);

    svg.addEventListener("wheel", function (evt) {
      evt.preventDefault();
      var p = toMap(evt);
      if (!p) return;
      zoomBy(evt.deltaY > 0 ? 1.25 : 0.8, p.x, p.y);
    }, { passive: false });

    var drag = null;
    var moved = false;
    svg.addEventListener("pointerdown", function (evt) {
      if (evt.button !== 0) return;
      drag = { x: evt.clientX, y: evt.clientY, view: view.slice() };
      moved = false;
    });
    svg.addEventListener("pointermove", function (evt) {
      if (!drag) return;
      var dx = evt.clientX - drag.x;
      var dy = evt.clientY - drag.y;
      if (!moved && Math.abs(dx) + Math.abs(dy) < 5) return;
      if (!moved) {
        moved = true;
        svg.setPointerCapture(evt.pointerId);
        svg.classList.add("dragging");
      }
      var k = view[2] / svg.getBoundingClientRect().width;
      view[0] = drag.view[0] - dx * k;
      view[1] = drag.view[1] - dy * k;
      draw();
    });
    function end() {
      drag = null;
      svg.classList.remove("dragging");
    }
    svg.addEventListener("pointerup", end);
    svg.addEventListener("pointercancel", end);
    // A drag that ends on a marker is no click on it.
    svg.addEventListener("click", function (evt) {
      if (moved) { evt.preventDefault(); evt.stopPropagation(); moved = false; }
    }, true);

    var api = {
      svg: svg,
      // The place at a point of the map, and the point of a place.
      place: function (evt) {
        var p = toMap(evt);
        if (!p) return null;
        var scale = 256 * Math.pow(2, zoom);
        var x = p.x + originX;
        var y = p.y + originY;
        var lon = x / scale * 360 - 180;
        var lat = Math.atan(Math.sinh(Math.PI * (1 - 2 * y / scale))) * 180 / Math.PI;
        return { lat: lat, lon: lon, x: p.x, y: p.y };
      },
      point: function (lat, lon) {
        var scale = 256 * Math.pow(2, zoom);
        var s = Math.min(Math.max(Math.sin(lat * Math.PI / 180), -0.9999), 0.9999);
        var x = (lon + 180) / 360 * scale;
        var y = (0.5 - Math.log((1 + s) / (1 - s)) / (4 * Math.PI)) * scale;
        return { x: x - originX, y: y - originY };
      },
      setPin: function (x, y, center) {
        var i = scaled.findIndex(function (el) { return el.classList.contains("map-picked"); });
        if (i < 0) return;
        places[i] = [Math.round(x), Math.round(y)];
        scaled[i].removeAttribute("hidden");
        if (center) {
          // Close enough to see the streets around the place.
          if (view[2] > 2400) {
            view[3] = view[3] * 1600 / view[2];
            view[2] = 1600;
          }
          view[0] = x - view[2] / 2;
          view[1] = y - view[3] / 2;
        }
        draw();
      },
      wasDrag: function () { return moved; }
    };
    return api;
  }

  var maps = [];
  document.querySelectorAll("[data-map]").forEach(function (frame) {
    var hidden = frame.closest(".picker-map");
    if (hidden) hidden.hidden = false;
    var api = setupMap(frame);
    if (api) maps.push({ frame: frame, api: api });
  });

  var picker = document.querySelector(".place-picker");
  if (!picker) return;
  var lat = document.getElementById("lat");
  var lon = document.getElementById("lon");
  var address = document.getElementById("address");
  var status = document.getElementById("address-status");
  var pickerMap = maps.filter(function (m) { return m.frame.hasAttribute("data-picker"); })[0];

  function announce(text) {
    if (status) status.textContent = text;
  }

  function setPlace(la, lo, center) {
    lat.value = la.toFixed(6);
    lon.value = lo.toFixed(6);
    if (pickerMap) {
      var p = pickerMap.api.point(la, lo);
      pickerMap.api.setPin(p.x, p.y, center);
    }
  }

  if (pickerMap) {
    pickerMap.api.svg.addEventListener("click", function (evt) {
      if (evt.defaultPrevented) return;
      var p = pickerMap.api.place(evt);
      if (!p) return;
      setPlace(p.lat, p.lon, false);
      announce(lat.value + ", " + lon.value);
    });
  }

  // Suggestions as one types: a combobox over the address field.
  if (!address || !window.fetch) return;
  var url = picker.getAttribute("data-search-url");
  var list = document.createElement("ul");
  list.id = "address-suggestions";
  list.className = "address-suggestions";
  list.setAttribute("role", "listbox");
  list.setAttribute("aria-label", picker.getAttribute("data-label-suggestions"));
  list.hidden = true;
  address.parentNode.insertAdjacentElement("afterend", list);
  address.setAttribute("role", "combobox");
  address.setAttribute("aria-autocomplete", "list");
  address.setAttribute("aria-expanded", "false");
  address.setAttribute("aria-controls", list.id);
  var found = [];
  var active = -1;
  var timer = null;
  var asked = 0;

  function close() {
    list.hidden = true;
    address.setAttribute("aria-expanded", "false");
    address.removeAttribute("aria-activedescendant");
    active = -1;
  }

  function mark(i) {
    active = i;
    [].forEach.call(list.children, function (li, j) {
      li.setAttribute("aria-selected", j === i ? "true" : "false");
    });
    if (i >= 0) address.setAttribute("aria-activedescendant", "suggestion-" + i);
    else address.removeAttribute("aria-activedescendant");
  }

  function choose(i) {
    var a = found[i];
    if (!a) return;
    address.value = a.label;
    setPlace(a.lat, a.lon, true);
    close();
    announce(a.label);
  }

  function show(items) {
    found = items;
    list.textContent = "";
    items.forEach(function (a, i) {
      var li = document.createElement("li");
      li.id = "suggestion-" + i;
      li.setAttribute("role", "option");
      li.setAttribute("aria-selected", "false");
      li.textContent = a.label;
      li.addEventListener("mousedown", function (evt) { evt.preventDefault(); });
      li.addEventListener("click", function () { choose(i); });
      list.appendChild(li);
    });
    active = -1;
    if (items.length) {
      list.hidden = false;
      address.setAttribute("aria-expanded", "true");
      var text = picker.getAttribute("data-label-count") || "";
      announce(items.length + " " + text);
    } else {
      close();
      announce(picker.getAttribute("data-label-none"));
    }
  }

  address.addEventListener("input", function () {
    clearTimeout(timer);
    var q = address.value.trim();
    if (q.length < 2) { show([]); return; }
    timer = setTimeout(function () {
      var n = ++asked;
      fetch(url + "?q=" + encodeURIComponent(q), { headers: { Accept: "application/json" } })
        .then(function (r) { return r.ok ? r.json() : []; })
        .then(function (items) { if (n === asked) show(items); })
        .catch(function () {});
    }, 120);
  });
  address.addEventListener("keydown", function (evt) {
    if (list.hidden) return;
    if (evt.key === "ArrowDown") { evt.preventDefault(); mark(Math.min(active + 1, found.length - 1)); }
    else if (evt.key === "ArrowUp") { evt.preventDefault(); mark(Math.max(active - 1, 0)); }
    else if (evt.key === "Enter" && active >= 0) { evt.preventDefault(); choose(active); }
    else if (evt.key === "Escape") { close(); }
  });
  address.addEventListener("blur", function () { setTimeout(close, 150); });
})();
