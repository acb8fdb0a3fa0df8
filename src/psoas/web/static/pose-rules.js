/* The measuring rules of psoas.core.measure, for the pose model running on the device.
   Keypoints in (pixels, y down, with the model's visibility), verdict and angles out.
   tests/data/pose_vectors.json holds cases both this file and the Python rules must
   answer the same way (tests/core/test_pose_vectors.py, tests/browser/test_pose_device.py),
   so the two can never drift: change both, and the vectors, together. */
"use strict";
(function (root) {
  var R = {
    JOINTS: ["shoulder", "hip", "knee", "ankle"],
    MIN_VISIBILITY: 0.5, MAX_SIDE_MISMATCH: 0.35, STEADY_LENGTH_SHARE: 0.12,
    STEADY_ANGLE_DEG: 4.0, MAX_HIP_SPREAD: 0.6, MAX_LYING_TRUNK: 35.0,
    OTHER_PERSON_POINTS: 6, OTHER_PERSON_VISIBILITY: 0.8, MAX_MIRROR_DISAGREEMENT: 8.0,
    CAPTURES_PER_MEASURING: 3, ANKLE_PAST_EDGE_SHARE: 1 / 3,
    // MediaPipe's landmark index of each keypoint psoas uses.
    LANDMARKS: { left_shoulder: 11, right_shoulder: 12, left_hip: 23, right_hip: 24,
      left_knee: 25, right_knee: 26, left_ankle: 27, right_ankle: 28 },
    TWO_PEOPLE: "two people in the picture: only the person doing the test should be in view",
    UNSURE: "the reading is unsure: retake side-on, in good light"
  };
  var ANGLES = ["thigh_to_floor_deg", "hip_deg", "knee_deg", "trunk_to_floor_deg"];
  var deg = function (r) { return r * 180 / Math.PI; };

  function angleToFloor(a, b) { return deg(Math.atan2(a.y - b.y, Math.abs(b.x - a.x))); }
  function jointAngle(a, b, c) {
    var v1 = [a.x - b.x, a.y - b.y], v2 = [c.x - b.x, c.y - b.y];
    var n1 = Math.hypot(v1[0], v1[1]), n2 = Math.hypot(v2[0], v2[1]);
    if (n1 === 0 || n2 === 0) { return NaN; }
    return deg(Math.acos(Math.max(-1, Math.min(1, (v1[0] * v2[0] + v1[1] * v2[1]) / (n1 * n2)))));
  }
  function seen(frame, name) { var p = frame[name]; return !!p && p.visibility >= R.MIN_VISIBILITY; }
  function pastEdge(p, width, height) {
    if (!isFinite(p.x) || !isFinite(p.y)) { return Infinity; }
    return Math.max(0, -p.x, p.x - width, -p.y, p.y - height);
  }
  function isEmpty(frame) { return !frame || Object.keys(frame).length === 0; }
  function length(frame, side, a, b) {
    var p = frame[side + "_" + a], q = frame[side + "_" + b];
    return Math.hypot(p.x - q.x, p.y - q.y);
  }
  function median(values) {
    var s = values.slice().sort(function (a, b) { return a - b; }), n = s.length, m = Math.floor(n / 2);
    return n % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
  }

  /** The side nearer the camera: the one whose hip, knee and ankle the model sees best. */
  R.facingSide = function (frame) {
    function score(side) {
      return ["hip", "knee", "ankle"].reduce(function (sum, j) {
        var p = frame[side + "_" + j]; return sum + (p ? p.visibility : 0);
      }, 0);
    }
    return score("left") >= score("right") ? "left" : "right";
  };

  /** Why this frame cannot be trusted, or null when it can. */
  R.checkFrame = function (frame, width, height, lying) {
    if (isEmpty(frame)) { return "no person found: make sure the whole body is in the picture, lit from the front"; }
    var side = R.facingSide(frame), needed = R.JOINTS.map(function (j) { return side + "_" + j; });
    var missing = needed.filter(function (n) { return !seen(frame, n); });
    if (missing.some(function (n) { return /(knee|ankle)$/.test(n); })) {
      return "legs cut off or hidden: step the camera back so the feet are in the picture";
    }
    if (missing.length) { return "the shoulder or hip is hidden: film from the side, at floor level"; }
    var thigh = length(frame, side, "hip", "knee");
    for (var i = 0; i < needed.length; i++) {
      var allowed = /ankle$/.test(needed[i]) ? R.ANKLE_PAST_EDGE_SHARE * thigh : 0;
      if (pastEdge(frame[needed[i]], width, height) > allowed) {
        return "part of the body is outside the picture: step the camera back";
      }
    }
    if (thigh < 0.05 * Math.max(width, height)) { return "the person is too small in the picture: move the camera closer"; }
    var other = side === "left" ? "right" : "left";
    if (frame[other + "_hip"] && frame[other + "_knee"] && seen(frame, other + "_knee")) {
      var otherThigh = length(frame, other, "hip", "knee");
      if (Math.abs(otherThigh - thigh) > R.MAX_SIDE_MISMATCH * Math.max(thigh, otherThigh)) {
        return "the two legs do not match: film straight from the side";
      }
      var a = frame[side + "_hip"], b = frame[other + "_hip"];
      if (Math.hypot(a.x - b.x, a.y - b.y) > R.MAX_HIP_SPREAD * thigh) {
        return "the body is not side-on: turn the camera to look at the side of the body";
      }
    }
    if (lying) {
      var hip = frame[side + "_hip"];
      if (Math.abs(angleToFloor(hip, frame[side + "_shoulder"])) > R.MAX_LYING_TRUNK &&
          Math.abs(angleToFloor(hip, frame[side + "_ankle"])) > R.MAX_LYING_TRUNK) {
        return "the body does not look level: keep the phone level and lie flat for the test";
      }
    }
    return null;
  };

  /** The four angles of one frame, on the side facing the camera. */
  R.frameAngles = function (frame, side) {
    var s = frame[side + "_shoulder"], h = frame[side + "_hip"], k = frame[side + "_knee"], a = frame[side + "_ankle"];
    return { thigh_to_floor_deg: angleToFloor(h, k), hip_deg: jointAngle(s, h, k),
      knee_deg: jointAngle(h, k, a), trunk_to_floor_deg: angleToFloor(h, s) };
  };
  function medianAngles(list) {
    var out = {};
    ANGLES.forEach(function (name) { out[name] = median(list.map(function (a) { return a[name]; })); });
    return out;
  }
  function holdsStill(run, angleDeg) {
    var len = median(run.map(function (t) { return t[1]; })), ang = median(run.map(function (t) { return t[2]; }));
    return run.every(function (t) {
      return Math.abs(t[1] - len) <= R.STEADY_LENGTH_SHARE * len && Math.abs(t[2] - ang) <= angleDeg;
    });
  }
  function steadyStretch(thighs, angleDeg) {
    var best = [0, 0];
    for (var start = 0; start < thighs.length; start++) {
      var end = start + 1;
      while (end < thighs.length && thighs[end][0] - thighs[end - 1][0] <= 2 &&
             holdsStill(thighs.slice(start, end + 1), angleDeg)) { end++; }
      if (end - start > best[1] - best[0]) { best = [start, end]; }
      if (end === thighs.length) { break; }
    }
    return best;
  }
  function pixels(frame) {
    var out = {}; Object.keys(frame).forEach(function (k) { out[k] = [frame[k].x, frame[k].y]; }); return out;
  }

  /** Measure one photo (one frame) or a clip: psoas.core.measure.read, the same rules. */
  R.read = function (frames, width, height, lying, steadyFrames) {
    var found = frames.filter(function (f) { return !isEmpty(f); });
    if (!found.length) {
      return { detected: false, accepted: false, reason: "no person found: make sure the whole body is in the picture",
        side: null, angles: null, keypoints: {}, frames: frames.length, frame_index: 0, captures: [] };
    }
    var first = found[0];
    function refused(reason, side) {
      return { detected: true, accepted: false, reason: reason, side: side, angles: null, keypoints: pixels(first),
        frames: frames.length, frame_index: frames.indexOf(first), captures: [] };
    }
    var checked = [];
    frames.forEach(function (f, i) { if (!isEmpty(f) && !R.checkFrame(f, width, height, lying)) { checked.push([i, f]); } });
    if (!checked.length) { return refused(R.checkFrame(first, width, height, lying) || "no usable frame", R.facingSide(first)); }
    var need = frames.length === 1 ? 1 : (steadyFrames || Math.max(2, Math.floor(frames.length / 3)));
    if (checked.length < need) { return refused("too few steady frames: hold still for two seconds", null); }
    var lefts = checked.filter(function (c) { return R.facingSide(c[1]) === "left"; }).length;
    var side = lefts >= checked.length - lefts ? "left" : "right";
    var usable = checked.filter(function (c) { return R.facingSide(c[1]) === side; });
    var thighs = usable.map(function (c) {
      return [c[0], length(c[1], side, "hip", "knee"), R.frameAngles(c[1], side).thigh_to_floor_deg];
    });
    var span = steadyStretch(thighs, R.STEADY_ANGLE_DEG), stretch = usable.slice(span[0], span[1]);
    if (stretch.length < need) {
      span = steadyStretch(thighs, Infinity);
      if (span[1] - span[0] < need) { return refused("the limbs changed length between frames: hold still and film from one spot", side); }
      return refused("the body kept moving: hold still for two seconds", side);
    }
    var perFrame = stretch.map(function (c) { return R.frameAngles(c[1], side); }), captures = [];
    if (frames.length > 1 && stretch.length >= R.CAPTURES_PER_MEASURING * need) {
      var third = Math.floor(perFrame.length / R.CAPTURES_PER_MEASURING);
      for (var i = 0; i < R.CAPTURES_PER_MEASURING; i++) { captures.push(medianAngles(perFrame.slice(i * third, (i + 1) * third))); }
    }
    var shown = stretch[Math.floor(stretch.length / 2)];
    return { detected: true, accepted: true, reason: "ok", side: side, angles: medianAngles(perFrame),
      keypoints: pixels(shown[1]), frames: frames.length, frame_index: shown[0], captures: captures };
  };

  /** True when a second pose the model found is clearly a person. */
  R.anotherPerson = function (pose) {
    return Object.keys(pose).filter(function (k) { return pose[k].visibility >= R.OTHER_PERSON_VISIBILITY; }).length >= R.OTHER_PERSON_POINTS;
  };
  /** Where to look for a second person: the box [x0, y0, x1, y1] that covers the found
      one, and the parts of the covered picture to search (search_for_others). */
  R.searchForOthers = function (frame, width, height) {
    var xs = [], ys = [];
    Object.keys(frame).forEach(function (k) { xs.push(frame[k].x); ys.push(frame[k].y); });
    var minX = Math.min.apply(null, xs), maxX = Math.max.apply(null, xs);
    var minY = Math.min.apply(null, ys), maxY = Math.max.apply(null, ys);
    var size = Math.max(maxX - minX, maxY - minY), t = Math.trunc;
    var cover = [t(Math.max(0, minX - 0.35 * size)), t(Math.max(0, minY - 0.6 * size)),
      t(Math.min(width, maxX + 0.35 * size)), t(Math.min(height, maxY + 0.35 * size))];
    var long = Math.max(height, width), cut = t(0.4 * long), keep = t(0.6 * long);
    var halves = width >= height ? [[0, 0, keep, height], [cut, 0, width, height]]
      : [[0, 0, width, keep], [0, cut, width, height]];
    return [cover, [[0, 0, width, height]].concat(halves)];
  };
  /** True when the reading of the mirrored photo vouches for the direct one. */
  R.mirrorAgrees = function (direct, mirrored) {
    if (!mirrored.accepted || !mirrored.angles || !direct.angles) { return false; }
    var gap = Math.abs(direct.angles.thigh_to_floor_deg - mirrored.angles.thigh_to_floor_deg);
    return !isNaN(gap) && gap <= R.MAX_MIRROR_DISAGREEMENT;
  };
  /** Keypoints found in a mirrored image, put back into the original image. */
  R.unmirror = function (frame, width) {
    var back = {};
    Object.keys(frame).forEach(function (name) {
      var cut = name.indexOf("_"), side = name.slice(0, cut), joint = name.slice(cut + 1);
      var p = frame[name];
      back[(side === "left" ? "right" : "left") + "_" + joint] = { x: width - p.x, y: p.y, visibility: p.visibility };
    });
    return back;
  };

  /** Whether a live reading shows the practice's position, and what to change if not. */
  R.inPosition = function (practice, reading) {
    if (!reading.accepted || !reading.angles) { return [false, reading.reason]; }
    var a = reading.angles;
    if (practice === "bolster-release") {
      if (Math.abs(a.thigh_to_floor_deg) > 12) { return [false, "let the thighs rest on the floor (raise the bolster if they lift)"]; }
      if (a.knee_deg < 150) { return [false, "straighten the legs"]; }
      return [true, "in position"];
    }
    if (practice === "lunge-hip-flexor-stretch") {
      if (a.trunk_to_floor_deg < 55) { return [false, "bring the trunk upright"]; }
      if (a.hip_deg < 150) { return [false, "move the hips forward to open the back hip"]; }
      return [true, "in position"];
    }
    return [false, "no camera check for this practice"];
  };
  /** The live check of one camera frame: the verdict, as the server's /api/measure/frame. */
  R.checkLive = function (practice, frame, width, height) {
    var reading = R.read([frame], width, height, practice === "bolster-release");
    var verdict = R.inPosition(practice, reading);
    return { in_position: verdict[0], hint: verdict[1], angles: reading.angles };
  };
  /** A pose model's landmarks (0–1 of the picture) as psoas keypoints in pixels. */
  R.keypoints = function (landmarks, width, height) {
    var frame = {};
    Object.keys(R.LANDMARKS).forEach(function (name) {
      var m = landmarks[R.LANDMARKS[name]];
      frame[name] = { x: m.x * width, y: m.y * height, visibility: m.visibility === undefined ? 1 : m.visibility };
    });
    return frame;
  };
  root.psoasPoseRules = R;
})(window);
