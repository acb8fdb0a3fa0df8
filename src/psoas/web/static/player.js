/* The session player: absolute deadlines, chimes, voice, wake lock, saving as it goes.
   The timer mirrors psoas.core.session: each phase starts when the previous one was due
   to end, so a locked phone or a throttled tab never makes it drift. */
"use strict";
(function () {
  var P = window.psoas, $ = function (id) { return document.getElementById(id); };
  var params = new URLSearchParams(location.search);
  var speed = Math.max(0.1, Math.min(1000, parseFloat(params.get("speed") || "1") || 1));
  var base = Date.now();
  function now() { return base + (Date.now() - base) * speed; }          // engine ms
  var FIRST_LEAD = 10000, LEAD = 5000, SWITCH = 5000, EXTEND = 60000;

  var S = null;            // {id, plan, finished:[], order:[], pos}
  var phase = "idle", deadline = 0, phaseTotal = 0, holdTotal = 0, paused = null, lastSpoken = -1;
  var figureCache = {}, audio = null, wakeLock = null, ticker = null;

  // ---- storage: the session survives reloads and lost connections -------------------
  function persist() { if (S) { localStorage.setItem("psoas-player", JSON.stringify(S)); } }
  function outbox() { try { return JSON.parse(localStorage.getItem("psoas-outbox") || "[]"); } catch (e) { return []; } }
  function send(url, body) {
    var box = outbox(); box.push({ url: url, body: body }); localStorage.setItem("psoas-outbox", JSON.stringify(box));
    return flush();
  }
  var flushing = false;
  function flush() {
    if (flushing) { return Promise.resolve(); }
    var box = outbox(); if (!box.length) { $("offline").hidden = true; return Promise.resolve(); }
    flushing = true;
    return P.api(box[0].url, { method: "POST", body: box[0].body }).then(function () {
      var rest = outbox().slice(1); localStorage.setItem("psoas-outbox", JSON.stringify(rest));
      flushing = false; return flush();
    }, function (err) {
      flushing = false;
      if (err.status && err.status >= 400 && err.status < 500) {   // refused: drop it, keep going
        localStorage.setItem("psoas-outbox", JSON.stringify(outbox().slice(1))); return flush();
      }
      $("offline").hidden = false;
    });
  }
  window.addEventListener("online", flush);

  // ---- sound, voice, screen --------------------------------------------------------
  function chime(kind) {
    if (!P.prefs.sound) { return; }
    try {
      audio = audio || new (window.AudioContext || window.webkitAudioContext)();
      var notes = { start: [660], "switch": [660, 880], end: [880, 660, 523.25] }[kind];
      notes.forEach(function (f, i) {
        var t = audio.currentTime + i * 0.45, o = audio.createOscillator(), g = audio.createGain();
        o.type = "sine"; o.frequency.value = f;
        g.gain.setValueAtTime(0.0001, t); g.gain.exponentialRampToValueAtTime(0.25, t + 0.01);
        g.gain.exponentialRampToValueAtTime(0.0001, t + 0.45);
        o.connect(g); g.connect(audio.destination); o.start(t); o.stop(t + 0.5);
      });
    } catch (e) { /* no audio: silence is fine */ }
  }
  function say(text) {
    if (!P.prefs.voice || !("speechSynthesis" in window)) { return; }
    var u = new SpeechSynthesisUtterance(text); u.rate = 0.9; speechSynthesis.speak(u);
  }
  function keepAwake() {
    if (!("wakeLock" in navigator)) { return; }
    navigator.wakeLock.request("screen").then(function (lock) {
      wakeLock = lock; window.__psoasWakeLock = true;
      lock.addEventListener("release", function () { window.__psoasWakeLock = false; });
    }).catch(function () { window.__psoasWakeLock = false; });
  }
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "visible" && phase !== "idle" && phase !== "finished") { keepAwake(); tick(); }
  });

  // ---- the engine ------------------------------------------------------------------
  function step() { return S.plan.steps[S.order[S.pos]]; }
  function label(st) {
    if (st.role === "retest") { return "Re-test"; }
    return st.sets ? st.name + " · set " + st.set_no + " of " + st.sets + " · " + st.reps + " reps" : st.name;
  }
  function show(section) {
    ["intro", "stage", "question", "rating", "done"].forEach(function (id) { $(id).hidden = id !== section; });
  }
  function enter(at, first) {
    if (S.pos >= S.order.length) { return toRating(); }
    var st = step(), prev = S.pos > 0 ? S.plan.steps[S.order[S.pos - 1]] : null;
    if (st.role === "test" || st.role === "retest") { return toQuestion(st); }
    var switching = prev && prev.id === st.id && prev.side && st.side && prev.side !== st.side;
    var settling = first || !prev || prev.role === "test" || prev.role === "retest";
    // Between sets of strength work the lead-in is the rest (the plan gives its length).
    var resting = !!st.rest_before_s;
    phase = switching && !resting ? "switch" : "lead_in";
    phaseTotal = resting ? st.rest_before_s * 1000 : (switching ? SWITCH : (settling ? FIRST_LEAD : LEAD));
    deadline = at + phaseTotal;
    if (resting) { say("Rest. Then set " + st.set_no + "."); }
    else if (switching) { chime("switch"); say("Switch sides. " + st.side + " side."); }
    else { say(label(st) + (st.side ? ", " + st.side + " side" : "")); }
    paint(st); show("stage");
  }
  function beginHold(at) {
    var st = step(); phase = "hold"; holdTotal = st.seconds * 1000; phaseTotal = holdTotal;
    deadline = at + holdTotal; lastSpoken = -1; chime("start");
  }
  function finish(status, heldMs, at) {
    var index = S.order[S.pos];
    send("/api/sessions/" + S.id + "/steps", { index: index, status: status, seconds_held: Math.max(0, Math.round(heldMs / 1000)) });
    S.finished.push(index); S.pos += 1; persist();
    enter(at, false);
  }
  function remaining() { return paused !== null ? paused : Math.max(0, deadline - now()); }
  function tick() {
    if (paused !== null || (phase !== "lead_in" && phase !== "switch" && phase !== "hold")) { return; }
    var t = now();
    while ((phase === "lead_in" || phase === "switch" || phase === "hold") && t >= deadline) {
      var at = deadline;
      if (phase === "hold") { finish("done", holdTotal, at); } else { beginHold(at); }
    }
    var left = remaining() / 1000;
    if (phase === "hold" && left <= 10 && lastSpoken !== 10 && holdTotal >= 30000) { lastSpoken = 10; say("Ten seconds"); }
    draw();
  }
  function held() { return phase === "hold" ? holdTotal - remaining() : 0; }

  // ---- controls --------------------------------------------------------------------
  function pause() {
    if (phase !== "lead_in" && phase !== "switch" && phase !== "hold") { return; }
    // A hold the camera made becomes the person's own pause: only they resume it.
    if (paused === null || camera.held) {
      if (paused === null) { paused = Math.max(0, deadline - now()); }
      camera.held = false; $("pause").textContent = "Resume";
    } else { deadline = now() + paused; paused = null; $("pause").textContent = "Pause"; }
    draw();
  }
  function skip() {
    if (phase === "idle" || phase === "finished" || phase === "rating") { return; }
    var h = held(); paused = null; camera.held = false; camera.misses = 0; $("pause").textContent = "Pause";
    finish("skipped", h, now());
  }
  function extend() {
    if (phase !== "hold") { return; }
    holdTotal += EXTEND; phaseTotal += EXTEND;
    if (paused !== null) { paused += EXTEND; } else { deadline += EXTEND; }
    draw();
  }
  function swap() {
    if (S.pos + 1 >= S.order.length || phase === "hold") { return; }
    var a = S.order[S.pos]; S.order[S.pos] = S.order[S.pos + 1]; S.order[S.pos + 1] = a; persist();
    paused = null; camera.held = false; camera.misses = 0; enter(now(), false);
  }
  function end() {
    if (phase === "hold" && held() >= 1000) {
      var index = S.order[S.pos];
      send("/api/sessions/" + S.id + "/steps", { index: index, status: "partial", seconds_held: Math.round(held() / 1000) });
      S.finished.push(index); persist();
    }
    S.endedEarly = true; persist(); toRating();
  }
  $("pause").addEventListener("click", pause);
  $("skip").addEventListener("click", skip);
  $("extend").addEventListener("click", extend);
  $("swap").addEventListener("click", swap);
  $("end").addEventListener("click", end);
  document.addEventListener("keydown", function (e) {
    if ($("stage").hidden) { return; }
    if (e.key === " ") { e.preventDefault(); pause(); } else if (e.key === "s") { skip(); } else if (e.key === "+") { extend(); }
  });

  // ---- the test questions, the rating ------------------------------------------------
  function toQuestion(st) {
    phase = "question";
    $("question-title").textContent = st.role === "test" ? "Test first" : "Re-test: what changed?";
    $("test-form").reset(); $("compare").hidden = true; $("q-error").hidden = true;
    // Rolling down instead (pregnancy): there is no descent to ask about.
    $("q-descent").hidden = st.id !== "sit-to-lie-test"; $("q-height-box").hidden = true;
    $("q-height-unit").textContent = P.prefs.units === "in" ? "(inches)" : "(cm)";
    // The test at the start takes tonight's pain from the screen: it is not asked twice.
    var asking = st.role !== "test";
    $("q-pain-box").hidden = !asking;
    $("q-pain-box").querySelectorAll("input").forEach(function (r) { r.required = asking; });
    show("question"); say(st.role === "test" ? "Test first" : "Re-test");
  }
  $("test-form").addEventListener("change", function (e) {
    if (e.target.name === "thighs_lift") { $("q-height-box").hidden = e.target.value !== "true"; }
  });
  $("test-form").addEventListener("submit", function (e) {
    e.preventDefault();
    var f = new FormData(this), st = step();
    function bool(name) { var v = f.get(name); return v === null ? null : v === "true"; }
    var pain = st.role === "test" ? null : P.scaleValue(this, "pain");
    if (st.role !== "test" && pain === null) { $("q-error").textContent = "Choose your pain now, 0 to 10."; $("q-error").hidden = false; return; }
    var lift = $("q-descent").hidden ? null : bool("thighs_lift"), height = null, raw = $("q-height").value;
    if (lift && raw !== "") {
      height = parseFloat(raw) * (P.prefs.units === "in" ? 2.54 : 1);
      var most = parseFloat($("q-height").max);
      if (!(height > 0) || height > most) { $("q-error").textContent = "That height does not look right: the descent gives at most " + P.length(most) + "."; $("q-error").hidden = false; return; }
      height = Math.round(height * 10) / 10;
    }
    var answers = { thighs_lift: lift, lift_height_cm: height, thighs_flat: bool("thighs_flat"), back_gap: f.get("back_gap"),
      gap_even: bool("gap_even"), ribs_stick_out: bool("ribs_stick_out"), pain: pain };
    var phaseName = st.role === "test" ? "pre" : "post", body = { phase: phaseName, answers: answers };
    var url = "/api/sessions/" + S.id + "/tests";
    // Online, the server compares the re-test with the test; offline, it is sent later.
    P.api(url, { method: "POST", body: body }).then(function (result) {
      S.compare = result.compared || [];
      // The test at the start measured a new height: tonight's bolster follows it.
      if (result.session_bolster_cm) {
        S.plan.steps.forEach(function (x) { if (x.bolster_height_cm) { x.bolster_height_cm = result.session_bolster_cm; } });
        if (phase !== "question") { paint(step()); }
      }
      persist(); showCompare();
    }, function () { send(url, body); });
    finish("done", 0, now());
  });
  $("q-skip").addEventListener("click", function () { finish("skipped", 0, now()); });
  function showCompare() {
    $("rating-compare").innerHTML = "";
    (S.compare || []).forEach(function (line) { var p = document.createElement("p"); p.textContent = line; $("rating-compare").appendChild(p); });
  }
  function toRating() {
    stopCamera();
    phase = "rating"; chime("end"); say("Well done");
    showCompare(); show("rating");
  }
  $("finish").addEventListener("click", function () {
    var done = S.finished.length, total = S.plan.steps.length;
    // Discomfort is optional: nothing chosen is sent as nothing, never as 0.
    send("/api/sessions/" + S.id + "/finish", { status: S.endedEarly ? "ended_early" : "finished", discomfort: P.scaleValue($("rating"), "discomfort") });
    phase = "finished"; localStorage.removeItem("psoas-player");
    if (wakeLock) { wakeLock.release().catch(function () {}); }
    $("done-text").textContent = done + " of " + total + " steps saved. See you tomorrow.";
    show("done");
  });

  // ---- live camera check: the hold counts only while the person is in position ---------
  // One frame out of position (a blink of the model, a hand in front of the lens) does not
  // stop the clock: the hold waits only after MISSES_TO_WAIT checks in a row say so.
  var MISSES_TO_WAIT = 2;
  var camera = { on: false, stream: null, timer: null, held: false, busy: false, misses: 0 };
  window.__psoasMisses = 0;
  function cameraState(text, ok) { var el = $("camera-state"); el.textContent = text; el.className = "camera-state " + (ok ? "ok" : "off"); }
  function stopCamera() {
    if (camera.timer) { clearInterval(camera.timer); camera.timer = null; }
    if (camera.stream) { camera.stream.getTracks().forEach(function (t) { t.stop(); }); camera.stream = null; }
    releaseCameraHold();
    camera.on = false; camera.misses = 0; $("camera").setAttribute("aria-pressed", "false"); cameraState("", true);
  }
  function releaseCameraHold() {
    if (camera.held && paused !== null) { deadline = now() + paused; paused = null; }
    camera.held = false;
  }
  function cameraVerdict(inPosition, hint) {
    window.__psoasInPosition = inPosition;
    if (!inPosition) { window.__psoasMisses += 1; }
    camera.misses = inPosition ? 0 : camera.misses + 1;
    var waiting = !inPosition && camera.misses >= MISSES_TO_WAIT;
    if (inPosition) { cameraState("In position: counting", true); }
    else if (waiting) { cameraState("Paused: " + hint, false); }
    else { cameraState("Check your position: " + hint, false); }
    if (phase !== "hold") { return; }
    if (waiting && paused === null) { paused = Math.max(0, deadline - now()); camera.held = true; }
    else if (inPosition) { releaseCameraHold(); }
    draw();
  }
  function cameraUnavailable(text) {
    // Without a verdict the camera must not hold anyone on the floor: count as usual.
    camera.misses = 0; releaseCameraHold();
    cameraState(text + ": counting without it", false);
    draw();
  }
  function sendFrame() {
    if (camera.busy || !camera.stream) { return; }
    var video = $("camera-video"), st = step();
    if (!video.videoWidth || !st.camera_check) { return; }
    var canvas = document.createElement("canvas"), scale = Math.min(1, 640 / video.videoWidth);
    canvas.width = Math.round(video.videoWidth * scale); canvas.height = Math.round(video.videoHeight * scale);
    canvas.getContext("2d").drawImage(video, 0, 0, canvas.width, canvas.height);
    camera.busy = true;
    canvas.toBlob(function (blob) {
      P.api("/api/measure/frame?practice=" + encodeURIComponent(st.id), { method: "POST", file: blob })
        .then(function (d) { camera.busy = false; cameraVerdict(d.in_position, d.hint); },
              function (err) { camera.busy = false; cameraUnavailable(err.status ? err.message : "camera check needs the network"); });
    }, "image/jpeg", 0.7);
  }
  $("camera").addEventListener("click", function () {
    if (camera.on) { stopCamera(); return; }
    if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) { cameraState("no camera here", false); return; }
    navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment", width: 640 }, audio: false }).then(function (stream) {
      camera.stream = stream; camera.on = true; $("camera").setAttribute("aria-pressed", "true");
      var video = $("camera-video"); video.srcObject = stream; video.play().catch(function () {});
      cameraState("Checking…", true); camera.timer = setInterval(sendFrame, 700);
    }, function () { cameraState("camera not allowed", false); });
  });

  // ---- drawing ---------------------------------------------------------------------
  function clock(ms) { var s = Math.ceil(ms / 1000), m = Math.floor(s / 60); s = s % 60; return (m < 10 ? "0" : "") + m + ":" + (s < 10 ? "0" : "") + s; }
  function paint(st) {
    $("camera-box").hidden = !st.camera_check;
    $("camera").title = st.camera_check ? "Checks that you are " + st.camera_check : "";
    if (camera.on && !st.camera_check) { stopCamera(); }
    $("step-name").textContent = label(st);
    $("step-side").textContent = st.side ? st.side + " side" : "";
    $("feel").textContent = st.feel ? "Feel: " + st.feel : "";
    $("stop").textContent = st.stop_if || "";
    $("instead").textContent = st.instead_of_name ? "Instead of the " + st.instead_of_name.toLowerCase() : "";
    var setup = [];
    if (st.bolster_height_cm) { setup.push("Bolster " + P.length(st.bolster_height_cm)); }
    if (st.props && st.props.length) { setup.push("Props: " + st.props.join(", ")); }
    $("setup").textContent = setup.join(" · ");
    var key = st.id + "|" + (st.bolster_height_cm || "");
    if (figureCache[key]) { $("figure").innerHTML = figureCache[key]; return; }
    $("figure").innerHTML = "";
    fetch("/api/catalog/" + st.id + "/figure.svg" + (st.bolster_height_cm ? "?bolster_cm=" + st.bolster_height_cm : ""))
      .then(function (r) { return r.ok ? r.text() : ""; })
      .then(function (svg) { if (svg.indexOf("<svg") >= 0) { figureCache[key] = svg; if (step() === st) { $("figure").innerHTML = svg; } } })
      .catch(function () {});
  }
  function draw() {
    if (phase !== "lead_in" && phase !== "switch" && phase !== "hold") { return; }
    var st = step(), left = remaining();
    var names = { lead_in: st.rest_before_s ? "Rest" : "Get ready", "switch": "Switch sides", hold: st.sets ? "Go" : "Hold" };
    $("phase").textContent = paused !== null ? (camera.held ? "Waiting for your position" : "Paused") : names[phase];
    $("clock").textContent = clock(left);
    var cues = st.cues || [], elapsed = phaseTotal - left;
    $("cue").textContent = phase === "hold" && cues.length ? cues[Math.floor(elapsed / 20000) % cues.length] : (phase === "switch" ? "Change sides" : (st.rest_before_s ? "Rest and breathe" : "Get into position"));
    $("bar-fill").style.width = Math.min(100, 100 * elapsed / Math.max(phaseTotal, 1)) + "%";
    var later = 0; for (var i = S.pos + 1; i < S.order.length; i++) { later += S.plan.steps[S.order[i]].seconds; }
    $("overall").textContent = "Step " + (S.finished.length + 1) + " of " + S.plan.steps.length + " · " + clock(later * 1000 + (phase === "hold" ? left : st.seconds * 1000)) + " left";
    document.body.classList.toggle("paused", paused !== null);
  }

  // ---- starting and resuming ---------------------------------------------------------
  function run(session) {
    var finished = session.finished || [];
    S = { id: session.id, plan: session.plan, finished: finished.slice(), pos: 0,
          order: session.plan.steps.map(function (_, i) { return i; }).filter(function (i) { return finished.indexOf(i) < 0; }) };
    persist(); keepAwake(); chime("start"); base = Date.now();
    if (ticker) { clearInterval(ticker); }
    ticker = setInterval(tick, 200);
    enter(now(), true);
  }
  function local() { try { return JSON.parse(localStorage.getItem("psoas-player") || "null"); } catch (e) { return null; } }
  function intro(text) { $("intro-text").textContent = text; show("intro"); }
  var routine = $("player").dataset.routine, minutes = params.get("minutes");

  // ---- tonight's screen: asked before every start, and before resuming on another night --
  var screenForm = $("screen"), tonight = P.flagList(screenForm);
  function screenError(text) { $("screen-error").textContent = text; $("screen-error").hidden = !text; }
  function readScreen() {
    if (screenForm.hidden) { screenForm.hidden = false; screenForm.scrollIntoView(); return null; }
    if (tonight.urgent()) { return null; }      // its message is already on screen
    if (!tonight.answered()) { screenError("Tick what applies tonight, or \"None of these\"."); return null; }
    var pain = P.scaleValue(screenForm, "screen_pain");
    if (pain === null) { screenError("Choose your pain now, 0 to 10."); return null; }
    screenError("");
    return { red_flags: tonight.flags(), pain: pain };
  }
  function refused(button, err) {
    button.disabled = false;
    if (err.code === "urgent") { screenForm.querySelector(".urgent-message").hidden = false; screenError(err.message); return; }
    intro(err.message);
  }
  $("start").addEventListener("click", function () {
    var screen = readScreen(); if (!screen) { return; }
    $("start").disabled = true;
    P.api("/api/sessions", { method: "POST", body: { routine: routine, minutes: minutes ? parseFloat(minutes) : null, screen: screen } })
      .then(run, function (err) { refused($("start"), err); });
  });
  $("new").addEventListener("click", function () { localStorage.removeItem("psoas-player"); $("resume").hidden = true; $("new").hidden = true; $("start").hidden = false; screenForm.hidden = false; });

  flush();
  P.api("/api/sessions/current").then(function (cur) {
    var saved = local();
    if (saved && saved.id === cur.id) { cur.finished = Array.from(new Set(cur.finished.concat(saved.finished))); }
    intro("You have an unfinished " + cur.routine + " session: " + cur.finished.length + " of " + cur.plan.steps.length + " steps saved." +
      (cur.needs_screen ? " It is from another night, so tonight's check comes first." : ""));
    $("resume").hidden = false; $("new").hidden = false;
    screenForm.hidden = !cur.needs_screen;
    $("resume").onclick = function () {
      if (!cur.needs_screen) { run(cur); return; }
      var screen = readScreen(); if (!screen) { return; }
      $("resume").disabled = true;
      P.api("/api/sessions/" + cur.id + "/screen", { method: "POST", body: { screen: screen } }).then(function (r) {
        if (r.action === "restarted") { localStorage.removeItem("psoas-player"); }
        run(r.session);
      }, function (err) { refused($("resume"), err); });
    };
  }, function (err) {
    var saved = local();
    if (!err.status && saved) {   // offline: carry on from what this phone kept
      intro("Offline. Your session is on this phone: " + saved.finished.length + " of " + saved.plan.steps.length + " steps done.");
      $("resume").hidden = false; $("resume").onclick = function () { run(saved); };
      return;
    }
    return P.api("/api/plan?routine=" + encodeURIComponent(routine) + (minutes ? "&minutes=" + minutes : "")).then(function (plan) {
      intro(plan.urgent ? "Your last answers said to get medical care first. If that has changed, answer tonight's check." :
        (plan.rest_only ? "Rest plan" : plan.title) + ": " + plan.steps.length + " steps, " + P.duration(plan.total_seconds) + ", before tonight's check.");
      $("start").hidden = false; screenForm.hidden = false;
    }, function (e2) {
      var needsTest = e2.code === "needs_test";
      intro(needsTest ? "Take the self-test first: your plan is built from it." : e2.message);
      if (needsTest) { var a = document.createElement("a"); a.href = "/check"; a.className = "button primary"; a.textContent = "Take the self-test"; $("intro").appendChild(a); }
    });
  });
})();
