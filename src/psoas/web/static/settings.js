"use strict";
(function () {
  var P = window.psoas, form = document.getElementById("prefs");
  form.querySelector("[name=units][value=" + P.prefs.units + "]").checked = true;
  form.querySelector("[name=theme][value=" + P.prefs.theme + "]").checked = true;
  form.sound.checked = !!P.prefs.sound; form.voice.checked = !!P.prefs.voice;
  form.addEventListener("change", function () {
    P.prefs.units = form.querySelector("[name=units]:checked").value;
    P.prefs.theme = form.querySelector("[name=theme]:checked").value;
    P.prefs.sound = form.sound.checked; P.prefs.voice = form.voice.checked;
    P.savePrefs(); document.getElementById("saved").textContent = "Saved on this device.";
  });
  var $ = function (id) { return document.getElementById(id); };

  // ---- what the person has: props owned, floor, face down ----
  $("kit").addEventListener("submit", function (e) {
    e.preventDefault();
    var kit = e.target, body = { props_owned: [] };
    kit.querySelectorAll("[name=props_owned]:checked").forEach(function (c) { body.props_owned.push(c.value); });
    kit.querySelectorAll("[data-ability]").forEach(function (box) {
      var key = box.getAttribute("data-ability"), picked = box.querySelector("input:checked");
      body[key] = picked ? picked.value === "yes" : null;
    });
    P.api("/api/props", { method: "POST", body: body }).then(function () {
      $("kit-result").textContent = "Saved: your plans use what you have.";
    }, function (err) { $("kit-result").textContent = err.message; });
  });

  // ---- ball massage: on only after every safety question is answered ----
  var massage = $("massage");
  massage.addEventListener("submit", function (e) {
    e.preventDefault();
    var answers = {}, missing = false;
    massage.querySelectorAll("fieldset").forEach(function (box) {
      var picked = box.querySelector("input:checked"), name = box.querySelector("input").name;
      if (!picked) { missing = true; } else { answers[name] = picked.value === "yes"; }
    });
    if (missing) { $("massage-result").textContent = "Please answer every question."; return; }
    P.api("/api/massage", { method: "POST", body: { on: true, answers: answers } }).then(function () {
      massage.hidden = true; $("massage-off").hidden = false;
      $("massage-state").textContent = "On: the full program includes the two ball massages.";
      $("massage-result").textContent = "Ball massage is on.";
    }, function (err) { $("massage-result").textContent = err.message.charAt(0).toUpperCase() + err.message.slice(1) + ". Talk it over with a healthcare provider first."; });
  });
  $("massage-off").addEventListener("click", function () {
    P.api("/api/massage", { method: "POST", body: { on: false } }).then(function () {
      massage.hidden = false; massage.reset(); $("massage-off").hidden = true;
      $("massage-state").textContent = "Off: no plan includes ball massage until you turn it on.";
      $("massage-result").textContent = "Ball massage is off.";
    }, function (err) { $("massage-result").textContent = err.message; });
  });

  // ---- provider clearances ----
  function showClearances(list) {
    var ul = $("clearance-list"); ul.innerHTML = "";
    if (!list.length) { var none = document.createElement("li"); none.textContent = "None recorded."; ul.appendChild(none); }
    list.forEach(function (c) {
      var li = document.createElement("li"), b = document.createElement("button");
      li.textContent = c.flag.replace(/_/g, " ") + ": cleared" + (c.by ? " by " + c.by : "") + " on " + c.cleared_on + " ";
      b.className = "button"; b.type = "button"; b.dataset.remove = c.flag; b.textContent = "Take back";
      li.appendChild(b); ul.appendChild(li);
    });
  }
  $("clearance").addEventListener("submit", function (e) {
    e.preventDefault();
    var f = e.target, body = { flag: f.flag.value, cleared_on: f.cleared_on.value, by: f.by.value || null };
    P.api("/api/clearances", { method: "POST", body: body }).then(function (list) {
      showClearances(list); f.reset(); $("clearance-result").textContent = "Recorded.";
    }, function (err) { $("clearance-result").textContent = err.message; });
  });
  $("clearance-list").addEventListener("click", function (e) {
    var flag = e.target.dataset && e.target.dataset.remove; if (!flag) { return; }
    P.api("/api/clearances/" + encodeURIComponent(flag), { method: "DELETE" }).then(function (list) {
      showClearances(list); $("clearance-result").textContent = "Taken back.";
    }, function (err) { $("clearance-result").textContent = err.message; });
  });

  var invite = document.getElementById("invite");
  if (invite) {
    invite.addEventListener("submit", function (e) {
      e.preventDefault();
      P.api("/api/coaches", { method: "POST", body: { username: invite.username.value } })
        .then(function () { location.reload(); },
              function (err) { document.getElementById("invite-result").textContent = err.message; });
    });
    document.querySelectorAll("[data-withdraw]").forEach(function (b) {
      b.addEventListener("click", function () {
        var name = b.dataset.withdraw;
        if (!window.confirm("Withdraw " + name + "? They stop seeing your records at once.")) { return; }
        P.api("/api/coaches/" + encodeURIComponent(name), { method: "DELETE" })
          .then(function () { location.reload(); },
                function (err) { document.getElementById("invite-result").textContent = err.message; });
      });
    });
    var change = document.getElementById("password-form"), said = document.getElementById("password-result");
    change.addEventListener("submit", function (e) {
      e.preventDefault();
      P.api("/api/password", { method: "POST", body: { current: change.current.value, "new": change.elements["new"].value } })
        .then(function () { change.reset(); said.textContent = "Password changed. Other devices are signed out."; },
              function (err) { said.textContent = err.message; });
    });
    document.getElementById("logout").addEventListener("click", function () {
      P.api("/api/logout", { method: "POST" }).then(function () { location.href = "/login"; });
    });
  }
})();
