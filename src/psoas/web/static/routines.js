/* psoas: compose, change, choose and answer routines (the person's page and a coach's). */
"use strict";
(function () {
  var P = window.psoas, $ = function (id) { return document.getElementById(id); };
  var form = $("builder"), list = $("items"), row = $("item-row");
  var practices = JSON.parse($("practices").textContent);
  var saved = $("routines") ? JSON.parse($("routines").textContent) : [];
  var endpoint = form.dataset.endpoint, forClient = endpoint.indexOf("/api/clients/") === 0;
  var nameInput = form.querySelector("[name=name]");
  var byId = {}, editing = null;
  practices.forEach(function (p) { byId[p.id] = p; });
  var KINDS = [["release", "Releases"], ["massage", "Massage"], ["stretch", "Stretches"], ["position", "Positions"], ["strength", "Strength"], ["habit", "Habits"]];

  function options(select) {
    KINDS.forEach(function (kind) {
      var group = document.createElement("optgroup"); group.label = kind[1];
      practices.filter(function (p) { return p.kind === kind[0]; }).forEach(function (p) {
        var o = document.createElement("option"); o.value = p.id; o.textContent = p.name; group.appendChild(o);
      });
      if (group.children.length) { select.appendChild(group); }
    });
  }
  // Show only the doses that fit the practice: sets and reps for strength done in
  // repetitions (not for one done for a time, such as a brisk walk), a side for
  // practices done on each side; the usual hold is the placeholder.
  function fit(li) {
    var p = byId[li.querySelector("[name=practice]").value];
    li.querySelectorAll(".strength-only").forEach(function (el) { el.hidden = p.dosed_in !== "reps"; });
    li.querySelectorAll(".sided-only").forEach(function (el) { el.hidden = !p.per_side; });
    var hold = li.querySelector("[name=hold_s]");
    hold.placeholder = "usual " + p.hold_s; hold.min = p.kind === "release" ? p.min_s : 5;
  }
  function addRow(item) {
    var li = row.content.firstElementChild.cloneNode(true);
    options(li.querySelector("[name=practice]"));
    item = item || {};
    if (item.practice && byId[item.practice]) { li.querySelector("[name=practice]").value = item.practice; }
    ["hold_s", "sets", "reps", "note"].forEach(function (k) { if (item[k] != null) { li.querySelector("[name=" + k + "]").value = item[k]; } });
    li.querySelector("[name=side]").value = item.side || "both";
    li.querySelector("[name=practice]").addEventListener("change", function () { fit(li); });
    li.querySelector("[data-remove]").addEventListener("click", function () { li.remove(); number(); });
    li.querySelectorAll("[data-move]").forEach(function (b) {
      b.addEventListener("click", function () {
        var other = b.dataset.move === "-1" ? li.previousElementSibling : li.nextElementSibling;
        if (other) { list.insertBefore(b.dataset.move === "-1" ? li : other, b.dataset.move === "-1" ? other : li); number(); }
      });
    });
    list.appendChild(li); fit(li); number();
    return li;
  }
  function number() {
    Array.prototype.forEach.call(list.children, function (li, i) { li.setAttribute("aria-label", "Practice " + (i + 1)); });
  }
  function whole(input) { var v = input.value.trim(); return v === "" ? null : parseInt(v, 10); }
  function read() {
    var items = Array.prototype.map.call(list.children, function (li) {
      var item = { practice: li.querySelector("[name=practice]").value }, p = byId[item.practice];
      var hold = whole(li.querySelector("[name=hold_s]")); if (hold !== null) { item.hold_s = hold; }
      if (p.dosed_in === "reps") {
        var sets = whole(li.querySelector("[name=sets]")), reps = whole(li.querySelector("[name=reps]"));
        if (sets !== null) { item.sets = sets; } if (reps !== null) { item.reps = reps; }
      }
      var side = li.querySelector("[name=side]").value; if (p.per_side && side !== "both") { item.side = side; }
      var note = li.querySelector("[name=note]").value.trim(); if (note) { item.note = note; }
      return item;
    });
    var data = { name: nameInput.value.trim(), with_tests: form.with_tests.checked, items: items };
    var note = form.note.value.trim(); if (note) { data.note = note; }
    var perWeek = whole(form.per_week); if (perWeek !== null) { data.per_week = perWeek; }
    return data;
  }
  function fill(routine, uid, title) {
    list.innerHTML = ""; editing = uid;
    nameInput.value = routine.name || ""; form.note.value = routine.note || "";
    form.with_tests.checked = routine.with_tests !== false;
    form.per_week.value = routine.per_week || "";
    (routine.items || []).forEach(addRow);
    if (!list.children.length) { addRow(); }
    $("builder-title").textContent = title; $("cancel-edit").hidden = !uid;
    form.scrollIntoView({ behavior: "smooth", block: "start" }); nameInput.focus();
  }
  function problem(text) { $("builder-error").textContent = text; $("builder-error").hidden = !text; }

  $("add-item").addEventListener("click", function () { addRow().querySelector("select").focus(); });
  $("cancel-edit").addEventListener("click", function () { fill({}, null, "Compose a routine"); });
  form.addEventListener("submit", function (e) {
    e.preventDefault();
    var data = read();
    if (!data.name) { problem("Give the routine a name."); nameInput.focus(); return; }
    if (!data.items.length) { problem("Add at least one practice."); return; }
    problem("");
    var body = data;
    if (forClient) { body = { routine: data, starts_on: form.starts_on && form.starts_on.value ? form.starts_on.value : null }; }
    var url = endpoint + (editing ? "/" + encodeURIComponent(editing) : "");
    $("save-routine").disabled = true;
    P.api(url, { method: editing ? "PUT" : "POST", body: body }).then(function () {
      $("builder-result").textContent = "Saved.";
      location.reload();
    }, function (err) { $("save-routine").disabled = false; problem(err.message.charAt(0).toUpperCase() + err.message.slice(1) + "."); });
  });

  function act(button, promise, done) {
    button.disabled = true;
    promise.then(function () { location.reload(); }, function (err) {
      button.disabled = false; var out = $("list-result"); if (out) { out.textContent = err.message; }
      if (done) { done(err); }
    });
  }
  function find(uid) { return saved.filter(function (r) { return r.uid === uid; })[0]; }
  document.addEventListener("click", function (e) {
    var b = e.target.closest("button"); if (!b) { return; }
    var d = b.dataset;
    if (d.choose !== undefined) { act(b, P.api("/api/routines/chosen", { method: "PUT", body: { routine: d.choose || null } })); }
    else if (d.accept) { act(b, P.api("/api/routines/" + encodeURIComponent(d.accept) + "/accept", { method: "POST", body: {} })); }
    else if (d.decline) { act(b, P.api("/api/routines/" + encodeURIComponent(d.decline) + "/decline", { method: "POST", body: {} })); }
    else if (d.delete) {
      if (window.confirm("Delete " + d.name + "? Its history is kept.")) { act(b, P.api(endpoint + "/" + encodeURIComponent(d.delete), { method: "DELETE" })); }
    }
    else if (d.edit) { var r = find(d.edit); fill(r.routine, d.edit, "Change " + r.name); if (forClient && r.starts_on && form.starts_on) { form.starts_on.value = r.starts_on; } }
    else if (d.copy) { var c = find(d.copy); fill(Object.assign({}, c.routine, { name: ("Copy of " + c.name).slice(0, 60) }), null, "Copy of " + c.name); }
  });
  addRow();
})();
