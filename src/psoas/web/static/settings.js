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
  var invite = document.getElementById("invite");
  if (invite) {
    invite.addEventListener("submit", function (e) {
      e.preventDefault();
      P.api("/api/coaches", { method: "POST", body: { username: invite.username.value } })
        .then(function () { document.getElementById("invite-result").textContent = "Invited."; },
              function (err) { document.getElementById("invite-result").textContent = err.message; });
    });
    document.getElementById("logout").addEventListener("click", function () {
      P.api("/api/logout", { method: "POST" }).then(function () { location.href = "/login"; });
    });
  }
})();
