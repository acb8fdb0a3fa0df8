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
  function send(url, body, local) {
    var box = outbox(); box.push({ url: url, body: body, local: local }); localStorage.setItem("psoas-outbox", JSON.stringify(box));
    return flush();
  }
  // A session started offline has a local id ("local-<uuid>") until the server opens it:
  // queued requests name it, and go out with the server's id once that is known.
  function ids() { try { return JSON.parse(localStorage.getItem("psoas-ids") || "{}"); } catch (e) { return {}; } }
  function resolve(url) {
    var m = url.match(/local-[0-9a-f-]+/);
    if (!m) { return url; }
    var known = ids()[m[0]];
    return known ? url.replace(m[0], known) : null;
  }
  function adopt(local, id) {
    var known = ids(); known[local] = id; localStorage.setItem("psoas-ids", JSON.stringify(known));
    if (S && S.id === local) { S.id = id; persist(); return; }
    var kept = stored(); if (kept && kept.id === local) { kept.id = id; localStorage.setItem("psoas-player", JSON.stringify(kept)); }
  }
  function sessionUrl(tail) { return "/api/sessions/" + S.id + tail; }
  function offlineNote(shown) { $("offline").hidden = !shown; document.body.classList.toggle("offline", shown); }
  var flushing = false;
  function flush() {
    if (flushing) { return Promise.resolve(); }
    var box = outbox();
    if (!box.length) { offlineNote(false); localStorage.removeItem("psoas-ids"); return Promise.resolve(); }
    var entry = box[0], url = resolve(entry.url);
    function next() { localStorage.setItem("psoas-outbox", JSON.stringify(outbox().slice(1))); flushing = false; return flush(); }
    flushing = true;
    if (url === null) { return next(); }    // its session was refused, so this goes nowhere
    return P.api(url, { method: "POST", body: entry.body }).then(function (result) {
      if (entry.local) { adopt(entry.local, result.id); }
      return next();
    }, function (err) {
      if (err.status && err.status >= 400 && err.status < 500) { return next(); }   // refused: drop it, keep going
      flushing = false;
      offlineNote(true);
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
  // The pause before a hold, as psoas.core.pauses has it: a rest between sets, a switch
  // between sides, else a get-ready (longer at the start and after a test).
  function pauseBefore(prev, st, first) {
    if (st.role === "test" || st.role === "retest") { return { kind: "none", ms: 0 }; }
    if (st.rest_before_s) { return { kind: "rest", ms: st.rest_before_s * 1000 }; }
    if (prev && prev.id === st.id && prev.side && st.side && prev.side !== st.side) { return { kind: "switch", ms: SWITCH }; }
    var settling = first || !prev || prev.role === "test" || prev.role === "retest";
    return { kind: "lead_in", ms: settling ? FIRST_LEAD : LEAD };
  }
  function show(section) {
    ["intro", "stage", "question", "rating", "done"].forEach(function (id) { $(id).hidden = id !== section; });
    // While a session runs it has the whole screen: no site header, navigation or footer.
    document.body.classList.toggle("in-session", section !== "intro" && section !== "done");
    window.scrollTo(0, 0);
  }
  // Screen readers hear only what changed: the phase, the step and side, the last seconds.
  function announce(text) { $("announce").textContent = text; }
  function hint(text) { $("hint").textContent = text; }
  function enter(at, first) {
    if (S.pos >= S.order.length) { return toRating(); }
    var st = step(), prev = S.pos > 0 ? S.plan.steps[S.order[S.pos - 1]] : null;
    if (st.role === "test" || st.role === "retest") { return toQuestion(st); }
    var pause = pauseBefore(prev, st, first), switching = pause.kind === "switch", resting = pause.kind === "rest";
    phase = switching ? "switch" : "lead_in";
    phaseTotal = pause.ms; deadline = at + phaseTotal;
    var words = resting ? "Rest. Then set " + st.set_no + "." : (switching ? "Switch sides. " + st.side + " side." : "Get ready: " + label(st) + (st.side ? ", " + st.side + " side" : "") + ".");
    if (switching && !resting) { chime("switch"); }
    say(words); announce(words); hint("");
    paint(st); show("stage"); draw();   // drawn at once: no blank first frame
    if (S.resumeHold && S.resumeHold.index === S.order[S.pos]) { phaseTotal = Math.min(phaseTotal, FIRST_LEAD); deadline = at + phaseTotal; }
  }
  function beginHold(at) {
    var st = step(), resumed = S.resumeHold && S.resumeHold.index === S.order[S.pos] ? S.resumeHold : null;
    phase = "hold"; holdTotal = resumed ? resumed.total : st.seconds * 1000; phaseTotal = holdTotal;
    // Resumed after a reload or a closed tab: the hold goes on with the time it had left.
    deadline = at + (resumed ? resumed.left : holdTotal); lastSpoken = -1; chime("start");
    S.resumeHold = null;
    announce((resumed ? "Hold again, " : "Hold, ") + clockWords(remaining()) + ".");
  }
  function clockWords(ms) { var s = Math.ceil(ms / 1000), m = Math.floor(s / 60); s = s % 60; return (m ? m + " min " : "") + (s ? s + " s" : (m ? "" : "0 s")); }
  // Where the hold stands, kept with the session so a reload resumes it, not restarts it.
  var lastKept = 0;
  function keepProgress(force) {
    if (phase !== "hold" || !S) { return; }
    var t = Date.now(); if (!force && t - lastKept < 1000) { return; }
    lastKept = t; S.hold = { index: S.order[S.pos], left: remaining(), total: holdTotal }; persist();
  }
  function finish(status, heldMs, at) {
    var index = S.order[S.pos];
    send(sessionUrl("/steps"), { index: index, status: status, seconds_held: Math.max(0, Math.round(heldMs / 1000)) });
    S.finished.push(index); S.pos += 1; S.hold = null; persist();
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
    if (phase === "hold" && left <= 10 && lastSpoken !== 10 && holdTotal >= 30000) { lastSpoken = 10; say("Ten seconds"); announce("Ten seconds left."); }
    keepProgress(false);
    draw();
  }
  function held() { return phase === "hold" ? holdTotal - remaining() : 0; }

  // ---- controls --------------------------------------------------------------------
  function pause() {
    if (phase !== "lead_in" && phase !== "switch" && phase !== "hold") { return; }
    // A hold the camera made becomes the person's own pause: only they resume it.
    if (paused === null || camera.held) {
      if (paused === null) { paused = Math.max(0, deadline - now()); }
      camera.held = false; $("pause").textContent = "Resume"; announce("Paused.");
    } else { deadline = now() + paused; paused = null; $("pause").textContent = "Pause"; announce("Going on."); }
    keepProgress(true); draw();
  }
  function skip() {
    if (phase === "idle" || phase === "finished" || phase === "rating") { return; }
    var h = held(); paused = null; camera.held = false; camera.misses = 0; $("pause").textContent = "Pause";
    finish("skipped", h, now());
  }
  function extend() {
    if (phase !== "hold") { hint("+1 min adds to a hold: it works once the hold has started."); return; }
    holdTotal += EXTEND; phaseTotal += EXTEND;
    if (paused !== null) { paused += EXTEND; } else { deadline += EXTEND; }
    hint(""); announce("One more minute."); keepProgress(true); draw();
  }
  function swap() {
    if (phase === "hold") { hint("Swap changes the order before a hold starts: skip or finish this one first."); return; }
    if (S.pos + 1 >= S.order.length) { hint("This is the last step: there is nothing to swap it with."); return; }
    var a = S.order[S.pos]; S.order[S.pos] = S.order[S.pos + 1]; S.order[S.pos + 1] = a; persist();
    paused = null; camera.held = false; camera.misses = 0; enter(now(), false);
  }
  // End asks first, then gives a few seconds to undo before anything is sent.
  var UNDO_MS = 6000, ending = null;
  function end() { $("more").open = false; $("confirm-end").hidden = false; window.scrollTo(0, 0); $("end-no").focus(); }
  function confirmEnd() {
    $("confirm-end").hidden = true; $("more").open = false;
    var partial = phase === "hold" && held() >= 1000 ? { index: S.order[S.pos], seconds_held: Math.round(held() / 1000) } : null;
    ending = { saved: { phase: phase, left: remaining(), holdTotal: holdTotal, phaseTotal: phaseTotal, wasPaused: paused !== null },
               partial: partial, timer: setTimeout(commitEnd, UNDO_MS) };
    if (paused === null) { paused = remaining(); }
    S.endedEarly = true; persist(); toRating();
    $("undo-box").hidden = false;
  }
  function commitEnd() {
    if (!ending) { return; }
    clearTimeout(ending.timer);
    if (ending.partial) {
      send(sessionUrl("/steps"), { index: ending.partial.index, status: "partial", seconds_held: ending.partial.seconds_held });
      S.finished.push(ending.partial.index); S.hold = null; persist();
    }
    ending = null; $("undo-box").hidden = true;
  }
  function undoEnd() {
    if (!ending) { return; }
    clearTimeout(ending.timer);
    var back = ending.saved; ending = null; $("undo-box").hidden = true;
    S.endedEarly = false; persist();
    phase = back.phase; holdTotal = back.holdTotal; phaseTotal = back.phaseTotal;
    if (back.wasPaused) { paused = back.left; } else { paused = null; deadline = now() + back.left; }
    show("stage"); announce("Going on."); draw();
  }
  $("end-yes").addEventListener("click", confirmEnd);
  $("end-no").addEventListener("click", function () { $("confirm-end").hidden = true; });
  $("undo").addEventListener("click", undoEnd);
  $("pause").addEventListener("click", pause);
  $("skip").addEventListener("click", skip);
  $("extend").addEventListener("click", extend);
  $("swap").addEventListener("click", swap);
  $("end").addEventListener("click", end);
  // Keys for a keyboard at hand; on a focused control, Space and Enter do what it says.
  document.addEventListener("keydown", function (e) {
    if ($("stage").hidden || e.target.closest("button, a, input, select, textarea, summary")) { return; }
    if (e.key === " ") { e.preventDefault(); pause(); } else if (e.key === "s") { skip(); } else if (e.key === "+") { extend(); }
  });

  // ---- the test questions, the rating ------------------------------------------------
  // One question per screen, so each fits a phone held at arm's length; a tap on an
  // answer moves on by itself.
  var qs = [], qAt = 0;
  function toQuestion(st) {
    phase = "question";
    $("question-title").textContent = st.role === "test" ? "Test first" : "Re-test: what changed?";
    $("test-form").reset(); $("q-error").hidden = true; $("q-height-box").hidden = true;
    $("q-height-unit").textContent = P.prefs.units === "in" ? "(inches)" : "(cm)";
    // Rolling down instead (pregnancy): there is no descent to ask about. The test at the
    // start takes tonight's pain from the screen: it is not asked twice.
    qs = Array.prototype.filter.call($("test-form").querySelectorAll(".q"), function (q) {
      return (q.id !== "q-descent" || st.id === "sit-to-lie-test") && (q.id !== "q-pain-box" || st.role !== "test");
    });
    show("question"); say(st.role === "test" ? "Test first" : "Re-test"); askQuestion(0);
  }
  function answered(q) { var name = q.dataset.required; return !name || !!$("test-form").querySelector("input[name=" + name + "]:checked"); }
  function askQuestion(i) {
    qAt = Math.max(0, Math.min(qs.length - 1, i));
    $("test-form").querySelectorAll(".q").forEach(function (q) { q.hidden = q !== qs[qAt]; });
    var last = qAt === qs.length - 1;
    $("q-progress").textContent = "Question " + (qAt + 1) + " of " + qs.length;
    $("q-back").disabled = qAt === 0; $("q-next").hidden = last; $("q-save").hidden = !last; $("q-error").hidden = true;
    announce($("q-progress").textContent + ". " + qs[qAt].querySelector("legend").textContent);
    window.scrollTo(0, 0);
  }
  function questionError(text) { $("q-error").textContent = text; $("q-error").hidden = false; }
  $("q-back").addEventListener("click", function () { askQuestion(qAt - 1); });
  $("q-next").addEventListener("click", function () {
    if (!answered(qs[qAt])) { questionError("Choose an answer, or tap Skip test."); return; }
    askQuestion(qAt + 1);
  });
  var advancing = null;
  $("test-form").addEventListener("change", function (e) {
    if (e.target.name === "thighs_lift") { $("q-height-box").hidden = e.target.value !== "true"; }
    // A "yes" to the descent asks for the height next, on the same screen: no jump.
    if (e.target.type !== "radio" || (e.target.name === "thighs_lift" && e.target.value === "true") || qAt === qs.length - 1) { return; }
    clearTimeout(advancing);
    advancing = setTimeout(function () { if (phase === "question") { askQuestion(qAt + 1); } }, 350);
  });
  $("test-form").addEventListener("submit", function (e) {
    e.preventDefault();
    var f = new FormData(this), st = step();
    function bool(name) { var v = f.get(name); return v === null ? null : v === "true"; }
    var missing = qs.filter(function (q) { return !answered(q); })[0];
    if (missing) { askQuestion(qs.indexOf(missing)); questionError(missing.id === "q-pain-box" ? "Choose your pain now, 0 to 10." : "This one needs an answer, or tap Skip test."); return; }
    var pain = st.role === "test" ? null : P.scaleValue(this, "pain");
    var lift = qs.indexOf($("q-descent")) < 0 ? null : bool("thighs_lift"), height = null, raw = $("q-height").value;
    if (lift && raw !== "") {
      height = parseFloat(raw) * (P.prefs.units === "in" ? 2.54 : 1);
      var most = parseFloat($("q-height").max);
      if (!(height > 0) || height > most) { askQuestion(0); questionError("That height does not look right: the descent gives at most " + P.length(most) + "."); return; }
      height = Math.round(height * 10) / 10;
    }
    var answers = { thighs_lift: lift, lift_height_cm: height, thighs_flat: bool("thighs_flat"), back_gap: f.get("back_gap"),
      gap_even: bool("gap_even"), ribs_stick_out: bool("ribs_stick_out"), pain: pain };
    var phaseName = st.role === "test" ? "pre" : "post", body = { phase: phaseName, answers: answers };
    var url = sessionUrl("/tests");
    // Online, the server compares the re-test with the test; offline, it is sent later.
    if (String(S.id).indexOf("local-") === 0) { send(url, body); finish("done", 0, now()); return; }
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
    if (!ending) { phase = "rating"; }
    chime("end"); say("Well done");
    showCompare(); show("rating"); $("undo-box").hidden = !ending;
  }
  $("finish").addEventListener("click", function () {
    commitEnd();
    phase = "rating";
    var done = S.finished.length, total = S.plan.steps.length;
    // Discomfort is optional: nothing chosen is sent as nothing, never as 0.
    send(sessionUrl("/finish"), { status: S.endedEarly ? "ended_early" : "finished", discomfort: P.scaleValue($("rating"), "discomfort") });
    phase = "finished"; localStorage.removeItem("psoas-player");
    if (wakeLock) { wakeLock.release().catch(function () {}); }
    $("done-text").textContent = done + " of " + total + (outbox().length ? " steps kept on this phone: they are sent when you are back online." : " steps saved.") + " See you tomorrow.";
    show("done");
  });

  // ---- live camera check: the hold counts only while the person is in position ---------
  // The pose model runs on this phone (pose-device.js) and checks every camera frame; no
  // picture leaves it. Where it cannot run, a frame goes to the server every 0.7 s, and the
  // screen says so. A moment out of position (a blink of the model, a hand in front of the
  // lens) does not stop the clock: the hold waits only after MISSES_TO_WAIT checks in a row,
  // spread over OUT_MS at least, say so.
  var MISSES_TO_WAIT = 2, OUT_MS = 1000;
  var camera = { on: false, stream: null, timer: null, stop: null, held: false, busy: false, misses: 0, outSince: 0, where: "" };
  window.__psoasMisses = 0;
  function cameraState(text, ok) {
    var el = $("camera-state");
    if (el.textContent === text) { return; }
    el.textContent = text; el.className = "camera-state " + (ok ? "ok" : "off");
  }
  function stopCamera() {
    if (camera.timer) { clearInterval(camera.timer); camera.timer = null; }
    if (camera.stop) { camera.stop(); camera.stop = null; }
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
    if (!inPosition && camera.misses === 0) { camera.outSince = now(); }
    camera.misses = inPosition ? 0 : camera.misses + 1;
    var waiting = !inPosition && camera.misses >= MISSES_TO_WAIT && now() - camera.outSince >= OUT_MS;
    if (inPosition) { cameraState("In position: counting" + camera.where, true); }
    else if (waiting) { cameraState("Paused: " + hint, false); }
    else { cameraState("Check your position: " + hint, false); }
    if (phase !== "hold") { return; }
    if (waiting && paused === null) { paused = Math.max(0, deadline - now()); camera.held = true; announce("Waiting for your position."); }
    else if (inPosition && camera.held) { releaseCameraHold(); announce("In position. Counting."); }
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
  function checkOnServer(why) {
    if (!camera.on) { return; }
    camera.where = ""; window.__psoasCheckedOn = "server";
    cameraState("Checking on the server (" + why + ")…", true); camera.timer = setInterval(sendFrame, 700);
  }
  function checkOnDevice() {
    window.__psoasCheckedOn = "device"; camera.where = " (on this phone)";
    cameraState("Loading the check on this phone (about 12 MB the first time)…", true);
    camera.stop = P.pose.live($("camera-video"), function (frame, width, height) {
      var st = step(); if (!st.camera_check) { return; }
      var d = window.psoasPoseRules.checkLive(st.id, frame, width, height);
      cameraVerdict(d.in_position, d.hint);
    }, function (err) { camera.stop = null; checkOnServer(err.message || "the model did not load"); });
  }
  $("camera").addEventListener("click", function () {
    if (camera.on) { stopCamera(); return; }
    if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) { cameraState("no camera here", false); return; }
    navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment", width: 640 }, audio: false }).then(function (stream) {
      camera.stream = stream; camera.on = true; $("camera").setAttribute("aria-pressed", "true");
      var video = $("camera-video"); video.srcObject = stream; video.play().catch(function () {});
      var why = P.pose.reason();
      if (why) { checkOnServer(why); } else { checkOnDevice(); }
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
    if (st.note) { setup.push(st.note); }     // the routine author's few words for this step
    $("setup").textContent = setup.join(" · ");
    var key = st.id + "|" + (st.bolster_height_cm || "");
    if (figureCache[key]) { showFigure(figureCache[key]); return; }
    $("figure").innerHTML = "";
    fetch(figureUrl(st))
      .then(function (r) { return r.ok ? r.text() : ""; })
      .then(function (svg) { if (svg.indexOf("<svg") >= 0) { figureCache[key] = svg; if (step() === st) { showFigure(svg); } } })
      .catch(function () {});
  }
  // The practice moving (a loop of its keyframes), still under reduced motion.
  function showFigure(svg) { $("figure").innerHTML = svg; P.holdStill($("figure")); }
  function figureUrl(st) { return "/api/catalog/" + st.id + "/figure.svg?moving=1" + (st.bolster_height_cm ? "&bolster_cm=" + st.bolster_height_cm : ""); }
  function draw() {
    if (phase !== "lead_in" && phase !== "switch" && phase !== "hold") { return; }
    var st = step(), left = remaining();
    var names = { lead_in: st.rest_before_s ? "Rest" : "Get ready", "switch": "Switch sides", hold: st.sets ? "Go" : "Hold" };
    $("phase").textContent = paused !== null ? (camera.held ? "Waiting for your position" : "Paused") : names[phase];
    $("clock").textContent = clock(left);
    var cues = st.cues || [], elapsed = phaseTotal - left;
    $("cue").textContent = phase === "hold" && cues.length ? cues[Math.floor(elapsed / 20000) % cues.length] : (phase === "switch" ? "Change sides" : (st.rest_before_s ? "Rest and breathe" : "Get into position"));
    $("bar-fill").style.width = Math.min(100, 100 * elapsed / Math.max(phaseTotal, 1)) + "%";
    var later = 0;   // the steps still to come and the pauses before them
    for (var i = S.pos + 1; i < S.order.length; i++) { var next = S.plan.steps[S.order[i]]; later += next.seconds * 1000 + pauseBefore(S.plan.steps[S.order[i - 1]], next, false).ms; }
    $("overall").textContent = "Step " + (S.finished.length + 1) + " of " + S.plan.steps.length + " · " + clock(later + left + (phase === "hold" ? 0 : st.seconds * 1000)) + " left";
    document.body.classList.toggle("paused", paused !== null);
  }

  // ---- starting and resuming ---------------------------------------------------------
  function run(session, kept) {
    var finished = session.finished || [];
    S = { id: session.id, uid: session.uid, plan: session.plan, finished: finished.slice(), pos: 0,
          startedAt: (kept && kept.startedAt) || Date.now(),
          order: session.plan.steps.map(function (_, i) { return i; }).filter(function (i) { return finished.indexOf(i) < 0; }) };
    // A hold that was under way when the page went away goes on with the time it had left.
    if (kept && kept.hold && S.order[0] === kept.hold.index) { S.resumeHold = kept.hold; }
    persist(); keepAwake(); chime("start"); base = Date.now();
    if (ticker) { clearInterval(ticker); }
    ticker = setInterval(tick, 200);
    enter(now(), true);
  }
  function stored() { try { return JSON.parse(localStorage.getItem("psoas-player") || "null"); } catch (e) { return null; } }
  function intro(text) { $("intro-text").textContent = text; show("intro"); }
  var routine = params.get("routine") || $("player").dataset.routine, minutes = params.get("minutes");

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
  // ---- offline: tonight's plans kept on this phone (GET /api/plan/offline) ------------
  // No routine named: the server plans the person's chosen routine, else bedtime.
  var planQuery = [routine ? "routine=" + encodeURIComponent(routine) : "", minutes ? "minutes=" + minutes : ""]
    .filter(Boolean).join("&");
  planQuery = planQuery ? "?" + planQuery : "";
  var pack = null, offlineMode = false;
  var ANOTHER_NIGHT_MS = 12 * 3600 * 1000;    // as psoas.core.nightly.RESCREEN_AFTER
  function loadPack() {
    return P.api("/api/plan/offline" + planQuery).then(function (p) { pack = p; return p; });
  }
  // Online, keep the pack and every figure it may need, so tomorrow works with no network.
  function keepForOffline() {
    loadPack().then(function (p) {
      var seen = {};
      Object.keys(p.plans).forEach(function (k) {
        p.plans[k].plan.steps.forEach(function (st) {
          var url = figureUrl(st); if (!seen[url]) { seen[url] = true; fetch(url).catch(function () {}); }
        });
      });
    }).catch(function () {});
  }
  function uuid() {
    if (window.crypto && crypto.randomUUID) { return crypto.randomUUID(); }
    var b = crypto.getRandomValues(new Uint8Array(16)); b[6] = (b[6] & 15) | 64; b[8] = (b[8] & 63) | 128;
    var h = Array.prototype.map.call(b, function (x) { return (x + 256).toString(16).slice(1); }).join("");
    return [h.slice(0, 8), h.slice(8, 12), h.slice(12, 16), h.slice(16, 20), h.slice(20)].join("-");
  }
  // The plan for tonight's answers, picked from the pack; the server opens the session
  // from its seal when the network returns (psoas.web.offline).
  function startOffline(screen) {
    var key = screen.red_flags.slice().sort().join(",") + "|" + screen.pain, entry = pack && pack.plans[key];
    if (!entry || entry.plan.urgent) {
      screenError("See a healthcare provider first. Offline, psoas cannot set up tonight's rest plan for this answer: rest in a position that feels easy, and open psoas again when you are online.");
      return;
    }
    var uid = uuid(), id = "local-" + uid;
    send("/api/sessions", { routine: routine || null, minutes: minutes ? parseFloat(minutes) : null, screen: screen,
      offline: { uid: uid, started_at: new Date().toISOString(), seal: entry.seal } }, id);
    run({ id: id, uid: uid, plan: entry.plan, finished: [] });
  }
  function offlineIntro(saved) {
    if (saved && Date.now() - (saved.startedAt || 0) < ANOTHER_NIGHT_MS) {
      intro("Offline. Your session is on this phone: " + saved.finished.length + " of " + saved.plan.steps.length +
        " steps done. They are sent when you are back online.");
      $("resume").hidden = false; $("resume").onclick = function () { run(saved, saved); };
      return;
    }
    loadPack().then(function (p) {
      offlineMode = true;
      var plain = p.plans["|0"] && p.plans["|0"].plan;
      intro("Offline. Tonight's plan is on this phone" + (plain ? " (" + plain.steps.length + " steps, " + P.duration(plain.total_seconds) + ")" : "") +
        ": answer tonight's check to start. Steps are sent when you are back online.");
      $("start").hidden = false; screenForm.hidden = false;
    }, function () {
      intro("Offline, and this phone has no plan kept yet. Open this page once while online; after that it works with no network.");
    });
  }

  $("start").addEventListener("click", function () {
    var screen = readScreen(); if (!screen) { return; }
    if (offlineMode) { startOffline(screen); return; }
    $("start").disabled = true;
    P.api("/api/sessions", { method: "POST", body: { routine: routine || null, minutes: minutes ? parseFloat(minutes) : null, screen: screen } })
      .then(run, function (err) {
        if (!err.status && pack) { $("start").disabled = false; startOffline(screen); return; }   // the network went
        refused($("start"), err);
      });
  });
  $("new").addEventListener("click", function () { localStorage.removeItem("psoas-player"); $("resume").hidden = true; $("new").hidden = true; $("start").hidden = false; screenForm.hidden = false; });

  flush();
  P.api("/api/sessions/current").then(function (cur) {
    var saved = stored();
    if (saved && (saved.id === cur.id || saved.uid === cur.uid)) { saved.id = cur.id; cur.finished = Array.from(new Set(cur.finished.concat(saved.finished))); } else { saved = null; }
    intro("You have an unfinished " + cur.routine + " session: " + cur.finished.length + " of " + cur.plan.steps.length + " steps saved." +
      (cur.needs_screen ? " It is from another night, so tonight's check comes first." : ""));
    $("resume").hidden = false; $("new").hidden = false;
    screenForm.hidden = !cur.needs_screen;
    keepForOffline();
    $("resume").onclick = function () {
      if (!cur.needs_screen) { run(cur, saved); return; }
      var screen = readScreen(); if (!screen) { return; }
      $("resume").disabled = true;
      P.api("/api/sessions/" + cur.id + "/screen", { method: "POST", body: { screen: screen } }).then(function (r) {
        if (r.action === "restarted") { localStorage.removeItem("psoas-player"); }
        run(r.session);
      }, function (err) { refused($("resume"), err); });
    };
  }, function (err) {
    if (!err.status) { offlineIntro(stored()); return; }   // offline: carry on from what this phone kept
    return P.api("/api/plan" + planQuery).then(function (plan) {
      intro(plan.urgent ? "Your last answers said to get medical care first. If that has changed, answer tonight's check." :
        (plan.rest_only ? "Rest plan" : plan.title) + ": " + plan.steps.length + " steps, " + P.duration(plan.total_seconds) + ", before tonight's check.");
      $("start").hidden = false; screenForm.hidden = false;
      keepForOffline();
    }, function (e2) {
      var needsTest = e2.code === "needs_test";
      intro(needsTest ? "Take the self-test first: your plan is built from it." : e2.message);
      if (needsTest) { var a = document.createElement("a"); a.href = "/check"; a.className = "button primary"; a.textContent = "Take the self-test"; $("intro").appendChild(a); }
    });
  });
})();
