/* The self-test wizard: one check per screen, cm or inches, findings at the end. */
"use strict";
(function () {
  var P = window.psoas, form = document.getElementById("check");
  var screens = Array.prototype.slice.call(form.querySelectorAll(".screen"));
  var at = 0, $ = function (id) { return document.getElementById(id); };
  $("lift-unit").value = P.prefs.units === "in" ? "in" : "cm";

  function value(name) { var el = form.querySelector("[name='" + name + "']:checked"); return el ? el.value : null; }
  function skipping() { return $("skip-test").checked; }
  // Safety comes first, one tier of red flags per screen, each answered on its own.
  var tiers = {};
  ["urgent", "stop", "caution"].forEach(function (t) { tiers[t] = P.flagList(form.querySelector("[data-screen=safety-" + t + "]")); });
  function flags() { return [].concat(tiers.urgent.flags(), tiers.stop.flags(), tiers.caution.flags()); }
  function urgent() { return tiers.urgent.urgent(); }
  function isSafety(name) { return name.indexOf("safety-") === 0; }
  // Pregnant: the safer version rolls down by way of the side, so there is no descent to ask about.
  function rolling() { return flags().indexOf("pregnancy") >= 0; }
  function visible(i) {
    var name = screens[i].dataset.screen;
    return !(skipping() && !isSafety(name) && name !== "pain" && name !== "signs");
  }
  function show(i, quiet) {
    screens.forEach(function (s, j) { s.hidden = j !== i; });
    at = i; $("back").disabled = i === 0;
    $("next").textContent = i === screens.length - 1 ? "See my findings" : "Next";
    $("progress").textContent = (i + 1) + " / " + screens.length;
    $("form-error").hidden = true;
    if (quiet) { return; }
    // Each screen opens at its question and figure: its top in view, the focus on its
    // first answer without scrolling past them.
    var first = screens[i].querySelector("input, select"); if (first) { first.focus({ preventScroll: true }); }
    if (i === 0) { window.scrollTo(0, 0); } else { screens[i].scrollIntoView({ block: "start" }); }
  }
  var box = $("lift-height"), MAX_CM = parseFloat(box.max), USUAL_CM = parseFloat(box.dataset.usual);
  var CONFIRM_ABOVE = parseFloat(box.dataset.confirmAbove);
  // The height in cm, null when empty, false when not a number.
  function heightCm() {
    var raw = box.value; if (raw === "") { return null; }
    var n = parseFloat(raw); if (isNaN(n)) { return false; }
    return Math.round(n * ($("lift-unit").value === "in" ? 2.54 : 1) * 10) / 10;
  }
  box.addEventListener("input", function () { $("height-confirm").checked = false; $("height-confirm-box").hidden = true; });
  function complete(i) {
    var s = screens[i], radios = s.querySelectorAll("input[type=radio][required]"), names = {};
    if (isSafety(s.dataset.screen)) {
      if (!tiers[s.dataset.screen.slice(7)].answered()) { return "Tick what applies, or \"None of these\"."; }
      if (urgent()) { return "The self-test stops here: please get care first."; }
    }
    Array.prototype.forEach.call(radios, function (r) { if (!r.closest("[hidden]")) { names[r.name] = true; } });
    for (var n in names) { if (!value(n)) { return "Please choose an answer."; } }
    if (s.dataset.screen === "descent" && value("thighs_lift") === "true" && !rolling()) {
      var h = heightCm();
      if (h === false) { return "That height does not look right."; }
      if (h !== null && h <= 0) { return "0 means your thighs did not lift: answer No, or give the height."; }
      if (h !== null && h > MAX_CM) { return "The descent can give at most " + P.length(MAX_CM) + " (sitting upright): check the number and the unit."; }
      if (h !== null && h > CONFIRM_ABOVE && !$("height-confirm").checked) { $("height-confirm-box").hidden = false; return "That is above the usual " + P.length(USUAL_CM) + ": tick to confirm, or change it."; }
    }
    return null;
  }
  form.addEventListener("change", function (e) {
    if (e.target.name === "thighs_lift") { $("height-box").hidden = e.target.value !== "true" || rolling(); }
    if (e.target.name === "gap-even") { $("side-box").hidden = e.target.value !== "no"; }
    if (e.target.name === "red_flags" || e.target.name === "none_apply") {
      // A get-care-now answer: its message shows at once and the test goes no further.
      $("next").disabled = urgent();
      var stop = form.querySelector("[name=red_flags][data-tier=stop]:checked");
      var hadWarning = $("stop-warning").hidden === false;
      $("stop-warning").hidden = !stop || urgent(); if (!stop) { $("skip-test").checked = false; }
      if (!hadWarning && !$("stop-warning").hidden) { $("stop-warning").scrollIntoView({ block: "nearest" }); }
      $("roll-down").hidden = !rolling(); $("descent-question").hidden = rolling();
      if (rolling()) { $("height-box").hidden = true; }
    }
  });
  $("back").addEventListener("click", function () { var i = at - 1; while (i > 0 && !visible(i)) { i--; } show(Math.max(0, i)); });
  $("next").addEventListener("click", function () {
    var problem = complete(at);
    if (problem) { $("form-error").textContent = problem; $("form-error").hidden = false; return; }
    var i = at + 1; while (i < screens.length && !visible(i)) { i++; }
    if (i < screens.length) { show(i); return; }
    submit();
  });

  function answers() {
    var skip = skipping(), yes = function (n, v) { var x = value(n); return skip || x === null ? null : x === v; };
    var lift = rolling() ? null : yes("thighs_lift", "true"), cm = lift ? heightCm() : null;
    var even = yes("gap-even", "yes");
    return {
      thighs_lift: lift, lift_height_cm: cm, thighs_flat: yes("thighs-flat", "yes"),
      back_gap: skip ? null : value("back-gap"), gap_even: even,
      tighter_side: even === false ? (value("tighter_side") || null) : null,
      ribs_stick_out: yes("ribs-down", "yes"), pain: parseInt(value("pain"), 10),
      signs: Array.prototype.map.call(form.querySelectorAll("[name=signs]:checked"), function (c) { return c.value; }),
      red_flags: flags()
    };
  }
  function submit() {
    $("next").disabled = true;
    P.api("/api/tests", { method: "POST", body: answers() }).then(function (f) {
      var box = $("findings"); box.innerHTML = "";
      if (f.see_provider) {
        var w = document.createElement("p"); w.className = "warning"; w.setAttribute("role", "alert");
        w.textContent = f.tier === "caution" ? "Check this program with a healthcare provider; psoas uses safer versions meanwhile." : "Please see a healthcare provider before going on with this program.";
        box.appendChild(w);
      }
      var h = document.createElement("p"); h.className = "lead";
      h.textContent = (f.patterns.length ? f.patterns.join(", ").replace(/_/g, " ") : (f.tested ? "No tight-psoas pattern today" : "Test not done")) + " · bolster " + P.length(f.bolster_height_cm);
      box.appendChild(h);
      var ul = document.createElement("ul");
      f.reasons.forEach(function (r) { var li = document.createElement("li"); li.textContent = r; ul.appendChild(li); });
      box.appendChild(ul);
      form.hidden = true; $("result").hidden = false; $("result").querySelector("h2").focus && $("result").scrollIntoView();
    }, function (err) {
      $("next").disabled = false; $("form-error").textContent = err.message; $("form-error").hidden = false;
    });
  }
  show(0, true);

  // ---- optional: measure from a photo or clip, three captures of one side ----------
  // The pose model runs on this phone (pose-device.js): the picture never leaves it. Where
  // it cannot, the picture goes to the server, is measured there and dropped, and the
  // screen says so. Three captures (lie down, get up, lie down again; or one clip held
  // still long enough) give the measuring and its spread, which is the person's own
  // error bar on progress (psoas.core.reliability).
  var NEEDED = 3, captures = [], side = null;
  function deg(v) { return Math.round(v) + "°"; }
  function describe(a) { return "Thigh " + deg(a.thigh_to_floor_deg) + " to the floor · hip " + deg(a.hip_deg) + " (trunk to thigh) · knee " + deg(a.knee_deg); }
  function measured(d, where) {
    if (d.annotated) {
      $("photo-result").src = d.annotated; $("photo-result").hidden = false;
      $("photo-save").href = d.annotated; $("photo-save-row").hidden = false;
    }
    if (!d.accepted) { $("photo-status").textContent = "Not measured " + where + ": " + d.reason + ". Try again."; return; }
    // Another side, or a fourth capture, starts a new measuring.
    if (side !== d.side || captures.length >= NEEDED) { captures = []; side = d.side; $("photo-actions").hidden = true; }
    var found = d.captures && d.captures.length ? d.captures : [d.angles];
    found.forEach(function (a) { if (captures.length < NEEDED) { captures.push(a); } });
    $("photo-angles").textContent = describe(d.angles);
    var thighs = captures.map(function (a) { return a.thigh_to_floor_deg; });
    if (captures.length < NEEDED) {
      $("photo-status").textContent = "Capture " + captures.length + " of " + NEEDED + " (" + side + " side), measured " + where + ". Get up, lie down again the same way, and take the next.";
      return;
    }
    var spread = Math.max.apply(null, thighs) - Math.min.apply(null, thighs);
    $("photo-status").textContent = NEEDED + " captures of the " + side + " side, measured " + where + ": thigh " + thighs.map(deg).join(", ") + " (they differ by " + deg(spread) + ").";
    $("photo-actions").hidden = false;
  }
  function onServer(file, why) {
    $("photo-status").textContent = "Measuring on the server (" + why + ")…";
    return P.api("/api/measure?position=lying", { method: "POST", file: file })
      .then(function (d) { measured(d, "on the server"); }, function (err) { $("photo-status").textContent = err.message; });
  }
  $("photo").addEventListener("change", function () {
    var file = this.files && this.files[0]; if (!file) { return; }
    $("photo-actions").hidden = true; $("photo-result").hidden = true; $("photo-save-row").hidden = true; $("photo-angles").textContent = "";
    var why = P.pose.reason();
    if (why) { onServer(file, why); this.value = ""; return; }
    // The first time, the model comes over the network (once: then it is kept offline).
    $("photo-status").textContent = P.pose.loading("IMAGE") ? "Measuring on this phone…"
      : "Loading the measuring model onto this phone (about 12 MB the first time), then measuring…";
    P.pose.measureFile(file, true, function (done, total) { $("photo-status").textContent = "Measuring on this phone… frame " + done + " of " + total; })
      .then(function (d) { measured(d, "on this phone"); }, function (err) { onServer(file, err.message); });
    this.value = "";
  });
  $("photo-restart").addEventListener("click", function () {
    captures = []; side = null; $("photo-actions").hidden = true;
    $("photo-status").textContent = "Starting over: take the first of three."; $("photo").click();
  });
  $("photo-accept").addEventListener("click", function () {
    if (captures.length < NEEDED) { return; }
    var other = side === "left" ? "right" : "left";
    P.api("/api/measure/accept", { method: "POST", body: { captures: captures, side: side, position: "lying" } })
      .then(function (d) {
        $("photo-status").textContent = "Kept: it shows in your progress. " + d.statement + ". Now the " + other + " side: one may be tighter.";
        $("photo-actions").hidden = true; captures = []; side = null;
        $("photo-result").hidden = true; $("photo-save-row").hidden = true;
        $("photo-angles").textContent = d.progress || "";
      }, function (err) { $("photo-status").textContent = err.message; });
  });
})();
