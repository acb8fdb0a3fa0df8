/* The pose model on the person's own device: MediaPipe Tasks for Web, served by psoas
   itself under /pose/ (body data-pose), loaded only when the camera or a photo needs it
   and then kept by the service worker for offline use. No picture leaves the device:
   the keypoints go through the same rules as on the server (pose-rules.js). Where the
   browser cannot run it, P.pose.reason() says why and the pages measure on the server. */
"use strict";
(function (root) {
  var R = root.psoasPoseRules, base = (document.body && document.body.dataset.pose) || "";
  var MAX_SIDE = 1280, CLIP_RATE = 5, MAX_CLIP_FRAMES = 75, STEADY_SECONDS = 1;
  // At most 25 live checks a second: more tells nothing new and drains the battery.
  var MIN_GAP_MS = 40;
  var BONES = [["shoulder", "hip"], ["hip", "knee"], ["knee", "ankle"]];
  var models = {};

  /** Why the model cannot run here, or "" when it can. */
  function reason() {
    if (!base) { return "this psoas server has no on-device model"; }
    if (typeof WebAssembly !== "object") { return "this browser cannot run the model"; }
    return "";
  }
  // A software renderer (no GPU) makes the GPU delegate slower than the CPU one.
  function softwareGl() {
    try {
      var gl = document.createElement("canvas").getContext("webgl2");
      if (!gl) { return true; }
      var info = gl.getExtension("WEBGL_debug_renderer_info");
      var name = info ? String(gl.getParameter(info.UNMASKED_RENDERER_WEBGL)) : "";
      return /swiftshader|llvmpipe|software/i.test(name);
    } catch (e) { return true; }
  }
  /** The pose model in "VIDEO" (live, tracking) or "IMAGE" mode, loaded once each. */
  function load(mode) {
    var why = reason();
    if (why) { return Promise.reject(new Error(why)); }
    if (!models[mode]) {
      models[mode] = import(base + "vision_bundle.mjs").then(function (vision) {
        return vision.FilesetResolver.forVisionTasks(base + "wasm").then(function (files) {
          function make(delegate) {
            return vision.PoseLandmarker.createFromOptions(files, {
              baseOptions: { modelAssetPath: base + "pose_landmarker_full.task", delegate: delegate },
              runningMode: mode,
              // A photo is searched for a second person; the live check follows one.
              numPoses: mode === "IMAGE" ? 2 : 1
            });
          }
          return softwareGl() ? make("CPU") : make("GPU").catch(function () { return make("CPU"); });
        });
      });
      models[mode].catch(function () { delete models[mode]; });
    }
    return models[mode];
  }

  /** Check the camera's picture as often as the device manages: ``each(frame, width,
      height)`` for every new frame. Returns a function that stops it. */
  function live(video, each, failed) {
    var stopped = false, last = -1;
    // At once when a new frame is already there (checking takes longer than a frame
    // lasts), else at the next one: waiting for the next frame after every check would
    // lose up to a frame's time each round.
    var started = 0;
    function next(tick) {
      var wait = Math.max(0, started + MIN_GAP_MS - performance.now());
      if (video.currentTime !== last && !video.paused) { root.setTimeout(tick, wait); }
      else if (video.requestVideoFrameCallback) { video.requestVideoFrameCallback(tick); }
      else { root.requestAnimationFrame(tick); }
    }
    load("VIDEO").then(function (model) {
      function tick() {
        if (stopped) { return; }
        if (video.readyState >= 2 && video.videoWidth && video.currentTime !== last) {
          last = video.currentTime; started = performance.now();
          var found;
          // A model that stops working (a lost graphics context, say) must not leave the
          // hold stuck on its last verdict: the page falls back to the server instead.
          try { found = model.detectForVideo(video, started); } catch (err) { stopped = true; failed(err); return; }
          var frame = found.landmarks.length ? R.keypoints(found.landmarks[0], video.videoWidth, video.videoHeight) : {};
          root.__psoasChecks = (root.__psoasChecks || 0) + 1;
          each(frame, video.videoWidth, video.videoHeight);
        }
        next(tick);
      }
      next(tick);
    }, function (err) { if (!stopped) { failed(err); } });
    return function () { stopped = true; };
  }

  function canvasOf(source, width, height, mirrored) {
    var canvas = document.createElement("canvas"), scale = Math.min(1, MAX_SIDE / Math.max(width, height));
    canvas.width = Math.round(width * scale); canvas.height = Math.round(height * scale);
    var g = canvas.getContext("2d");
    if (mirrored) { g.translate(canvas.width, 0); g.scale(-1, 1); }
    g.drawImage(source, 0, 0, canvas.width, canvas.height);
    return canvas;
  }
  function poses(model, canvas) {
    return model.detect(canvas).landmarks.map(function (marks) { return R.keypoints(marks, canvas.width, canvas.height); });
  }
  // Each colour channel's median over the whole picture (a histogram, not a sort).
  function medianColour(g, width, height) {
    var px = g.getImageData(0, 0, width, height).data, half = width * height / 2, out = [];
    for (var c = 0; c < 3; c++) {
      var counts = new Uint32Array(256), seen = 0, v = 0;
      for (var i = c; i < px.length; i += 4) { counts[px[i]]++; }
      while (v < 255 && seen + counts[v] < half) { seen += counts[v]; v++; }
      out.push(v);
    }
    return "rgb(" + out.join(",") + ")";
  }
  /** True when someone else is found once the measured person is covered up, in the
      places psoas.core.measure.search_for_others names (as on the server). */
  function secondPerson(model, canvas, frame) {
    var plan = R.searchForOthers(frame, canvas.width, canvas.height), box = plan[0];
    var covered = document.createElement("canvas"); covered.width = canvas.width; covered.height = canvas.height;
    var g = covered.getContext("2d", { willReadFrequently: true }); g.drawImage(canvas, 0, 0);
    g.fillStyle = medianColour(g, canvas.width, canvas.height);
    g.fillRect(box[0], box[1], box[2] - box[0], box[3] - box[1]);
    return plan[1].some(function (part) {
      var piece = document.createElement("canvas"); piece.width = part[2] - part[0]; piece.height = part[3] - part[1];
      piece.getContext("2d").drawImage(covered, -part[0], -part[1]);
      return poses(model, piece).some(R.anotherPerson);
    });
  }
  /** The photo's picture with the measured skeleton drawn (a PNG data URL). */
  function annotated(canvas, reading) {
    var out = document.createElement("canvas"); out.width = canvas.width; out.height = canvas.height;
    var g = out.getContext("2d"), unit = Math.max(1, Math.max(out.width, out.height) / 400);
    g.drawImage(canvas, 0, 0);
    g.strokeStyle = reading.accepted ? "#28a028" : "#c82828";
    ["left", "right"].forEach(function (side) {
      g.lineWidth = (side === reading.side ? 3 : 1) * unit;
      BONES.forEach(function (bone) {
        var p = reading.keypoints[side + "_" + bone[0]], q = reading.keypoints[side + "_" + bone[1]];
        if (p && q) { g.beginPath(); g.moveTo(p[0], p[1]); g.lineTo(q[0], q[1]); g.stroke(); }
      });
    });
    // The label on a dark band, large enough to read on a phone.
    var label = reading.accepted ? "thigh " + Math.round(reading.angles.thigh_to_floor_deg) + "°" : reading.reason.slice(0, 40);
    g.font = "bold " + Math.round(18 * unit) + "px sans-serif";
    g.fillStyle = "rgba(0, 0, 0, 0.6)"; g.fillRect(0, 0, g.measureText(label).width + 16 * unit, 28 * unit);
    g.fillStyle = reading.accepted ? "#7be07b" : "#ff8a8a"; g.fillText(label, 8 * unit, 21 * unit);
    return out.toDataURL("image/png");
  }
  function refuse(reading, text) {
    var out = {}; Object.keys(reading).forEach(function (k) { out[k] = reading[k]; });
    out.accepted = false; out.reason = text; return out;
  }
  /** A photo, read as taken and mirrored, with nobody else in it: measure_photo's rules. */
  function measurePhoto(picture, lying) {
    return load("IMAGE").then(function (model) {
      var canvas = canvasOf(picture, picture.width, picture.height, false), w = canvas.width;
      var found = poses(model, canvas), reading = R.read([found[0] || {}], w, canvas.height, lying);
      if (reading.accepted && (found.slice(1).some(R.anotherPerson) || secondPerson(model, canvas, found[0]))) {
        reading = refuse(reading, R.TWO_PEOPLE);
      }
      if (reading.accepted) {
        var mirrored = poses(model, canvasOf(picture, picture.width, picture.height, true));
        var again = R.read([mirrored.length ? R.unmirror(mirrored[0], w) : {}], w, canvas.height, lying);
        if (!R.mirrorAgrees(reading, again)) { reading = refuse(reading, R.UNSURE); }
      }
      reading.annotated = reading.detected ? annotated(canvas, reading) : "";
      return reading;
    });
  }
  function seek(video, time) {
    return new Promise(function (resolve) {
      video.addEventListener("seeked", function () { resolve(); }, { once: true });
      video.currentTime = time;
    });
  }
  /** A clip, CLIP_RATE frames a second (at most MAX_CLIP_FRAMES), measured over its
      longest steady stretch: measure_clip's rules. Rejects when the browser cannot play it. */
  function measureClip(file, lying, progress) {
    var video = document.createElement("video"), url = URL.createObjectURL(file);
    video.muted = true; video.playsInline = true; video.preload = "auto";
    var opened = new Promise(function (resolve, reject) {
      video.addEventListener("loadeddata", resolve, { once: true });
      video.addEventListener("error", function () { reject(new Error("this browser cannot play the clip")); }, { once: true });
    });
    video.src = url;
    return Promise.all([load("IMAGE"), opened]).then(function (both) {
      var model = both[0], duration = video.duration || 0, step = Math.max(1 / CLIP_RATE, duration / MAX_CLIP_FRAMES);
      var times = [];
      for (var t = 0; t < duration && times.length < MAX_CLIP_FRAMES; t += step) { times.push(t); }
      var frames = [], canvases = [];
      var chain = Promise.resolve();
      times.forEach(function (time, i) {
        chain = chain.then(function () { return seek(video, time); }).then(function () {
          var canvas = canvasOf(video, video.videoWidth, video.videoHeight, false);
          frames.push(poses(model, canvas)[0] || {}); canvases.push(canvas);
          if (progress) { progress(i + 1, times.length); }
        });
      });
      return chain.then(function () {
        if (!canvases.length) { throw new Error("this browser cannot play the clip"); }
        var perSecond = 1 / step, c = canvases[0];
        var reading = R.read(frames, c.width, c.height, lying, Math.max(2, Math.round(STEADY_SECONDS * perSecond)));
        reading.annotated = reading.detected ? annotated(canvases[reading.frame_index], reading) : "";
        return reading;
      });
    }).finally(function () { URL.revokeObjectURL(url); });
  }
  /** Measure a photo or a clip on the device. */
  function measureFile(file, lying, progress) {
    var why = reason();
    if (why) { return Promise.reject(new Error(why)); }
    if (/^video\//.test(file.type) || /\.(mp4|mov|m4v|webm|mkv)$/i.test(file.name || "")) { return measureClip(file, lying, progress); }
    return root.createImageBitmap(file).then(function (picture) { return measurePhoto(picture, lying); },
      function () { throw new Error("this browser cannot open the picture"); });
  }
  root.psoas = root.psoas || {};
  /** True once the model for ``mode`` has been asked for on this page. */
  function loading(mode) { return !!models[mode]; }
  root.psoas.pose = { reason: reason, load: load, loading: loading, live: live, measureFile: measureFile };
})(window);
