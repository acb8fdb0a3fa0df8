/* psoas: theme, preferences, CSRF-aware fetch, offline support. No third-party code. */
"use strict";
(function () {
  var prefs = {};
  try { prefs = JSON.parse(localStorage.getItem("psoas-prefs") || "{}"); } catch (e) { prefs = {}; }
  var defaults = { units: "cm", theme: "auto", sound: true, voice: false };
  for (var k in defaults) { if (!(k in prefs)) { prefs[k] = defaults[k]; } }

  function nightNow() { var h = new Date().getHours(); return h >= 19 || h < 7; }
  function applyTheme() {
    var night = prefs.theme === "night" || (prefs.theme === "auto" && nightNow());
    document.documentElement.dataset.theme = night ? "night" : "day";
  }
  applyTheme();

  function cookie(name) {
    var m = document.cookie.match(new RegExp("(?:^|; )" + name + "=([^;]*)"));
    return m ? decodeURIComponent(m[1]) : "";
  }

  function api(path, options) {
    options = options || {};
    var headers = { "Accept": "application/json" };
    var init = { method: options.method || "GET", headers: headers, credentials: "same-origin" };
    if (options.file !== undefined) {            // a photo, a clip or a camera frame
      headers["Content-Type"] = options.file.type || "application/octet-stream";
      init.body = options.file;
    } else if (options.body !== undefined) {
      headers["Content-Type"] = "application/json";
      init.body = JSON.stringify(options.body);
    }
    if (init.method !== "GET") { headers["X-CSRF-Token"] = cookie("psoas_csrf"); }
    return fetch(path, init).then(function (r) {
      return r.text().then(function (text) {
        var data = null;
        try { data = text ? JSON.parse(text) : null; } catch (e) { data = text; }
        if (!r.ok) {
          var err = new Error((data && data.detail) ? (typeof data.detail === "string" ? data.detail : "please check the form") : ("HTTP " + r.status));
          err.status = r.status; err.code = data && data.code; throw err;
        }
        return data;
      });
    });
  }

  function length(cm) {
    if (cm === null || cm === undefined) { return ""; }
    var inches = Math.round(cm / 2.54 * 2) / 2;
    var cmText = Math.round(cm * 10) / 10;
    return prefs.units === "in" ? inches + " in (" + cmText + " cm)" : cmText + " cm (" + inches + " in)";
  }

  function duration(s) {
    s = Math.round(s);
    if (s < 60) { return s + " s"; }
    var m = Math.floor(s / 60), r = s % 60;
    return r ? m + " min " + r + " s" : m + " min";
  }

  // The red-flag list of templates/_safety.html: "None of these" and the flags exclude
  // each other, and a get-care-now tick shows its message at once. Flags noted in the
  // self-test are shown ticked and disabled: they stand, and are not sent again.
  function flagList(root) {
    var none = root.querySelector("[name=none_apply]"), box = root.querySelector(".urgent-message");
    function ticked() {
      return Array.prototype.filter.call(root.querySelectorAll("[name=red_flags]:checked"), function (c) { return !c.disabled; });
    }
    function urgent() { return ticked().some(function (c) { return c.dataset.tier === "urgent"; }); }
    root.addEventListener("change", function (e) {
      if (e.target === none && none.checked) { ticked().forEach(function (c) { c.checked = false; }); }
      else if (e.target.name === "red_flags" && e.target.checked) { none.checked = false; }
      if (!box) { return; }     // a list without the get-care-now flags
      var was = box.hidden;
      box.hidden = !urgent();
      if (was && !box.hidden) { box.scrollIntoView({ block: "nearest" }); }
    });
    return {
      flags: function () { return ticked().map(function (c) { return c.value; }); },
      answered: function () { return ticked().length > 0 || none.checked; },
      urgent: urgent
    };
  }

  // A 0-10 scale of chips (templates/_safety.html): the value chosen, or null.
  function scaleValue(root, name) {
    var el = root.querySelector("[name='" + name + "']:checked");
    return el ? parseInt(el.value, 10) : null;
  }

  window.psoas = {
    prefs: prefs,
    savePrefs: function () { localStorage.setItem("psoas-prefs", JSON.stringify(prefs)); applyTheme(); },
    api: api, length: length, duration: duration, applyTheme: applyTheme,
    flagList: flagList, scaleValue: scaleValue, holdStill: holdStill
  };

  // A figure that moves stands still on its last keyframe for people who ask the
  // system for reduced motion (and follows the setting if it changes).
  var lessMotion = window.matchMedia ? window.matchMedia("(prefers-reduced-motion: reduce)") : null;
  function holdStill(root) {
    var moving = (root || document).querySelectorAll("svg.psoas-moving");
    for (var i = 0; i < moving.length; i++) {
      var svg = moving[i];
      if (!svg.pauseAnimations) { continue; }
      if (lessMotion && lessMotion.matches) {
        svg.pauseAnimations(); svg.setCurrentTime(parseFloat(svg.getAttribute("data-still")) || 0);
      } else if (svg.animationsPaused()) { svg.unpauseAnimations(); }
    }
  }
  document.addEventListener("DOMContentLoaded", function () { holdStill(document); });
  if (lessMotion && lessMotion.addEventListener) {
    lessMotion.addEventListener("change", function () { holdStill(document); });
  }

  // Offline, a page shows as this phone last saw it: say so, and what still works.
  function offlineBanner() {
    var el = document.getElementById("offline-banner"), main = document.getElementById("main");
    if (navigator.onLine || !main || location.pathname === "/offline") { if (el) { el.hidden = true; } return; }
    if (!el) {
      el = document.createElement("p"); el.id = "offline-banner"; el.className = "notice offline-banner";
      el.setAttribute("role", "status");
      var link = document.createElement("a"); link.href = "/session"; link.textContent = "Tonight's session";
      el.append("Offline: this page is as this phone last saw it. ", link, " still works; changes wait for the network.");
      main.insertBefore(el, main.firstChild);
    }
    el.hidden = false;
  }
  document.addEventListener("DOMContentLoaded", offlineBanner);
  window.addEventListener("online", offlineBanner);
  window.addEventListener("offline", offlineBanner);

  if ("serviceWorker" in navigator) {
    window.addEventListener("load", function () {
      navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch(function () {});
    });
  }
})();
