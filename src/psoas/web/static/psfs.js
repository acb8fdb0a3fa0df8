/* psoas: answer the PSFS (POST /api/psfs); every row with an activity needs its score. */
"use strict";
(function () {
  var form = document.getElementById("psfs-form"); if (!form) { return; }
  var error = document.getElementById("psfs-error");
  function say(text) { error.textContent = text; error.hidden = !text; }
  form.addEventListener("submit", function (e) {
    e.preventDefault();
    var ratings = [], problem = "";
    form.querySelectorAll(".psfs-row").forEach(function (row, i) {
      var name = row.querySelector("[name=activity]").value.trim(), score = row.querySelector("[name=score]").value;
      if (!name && score !== "") { problem = problem || "Name activity " + (i + 1) + ", or leave its score empty."; }
      if (name && score === "") { problem = problem || "Choose a score for " + name + "."; }
      if (name && score !== "") { ratings.push({ activity: name, score: parseInt(score, 10) }); }
    });
    if (!problem && !ratings.length) { problem = "Name at least one activity and score it."; }
    if (problem) { say(problem); return; }
    say("");
    window.psoas.api("/api/psfs", { method: "POST", body: ratings }).then(function () { location.reload(); },
      function (err) { say(err.message.charAt(0).toUpperCase() + err.message.slice(1) + "."); });
  });
})();
