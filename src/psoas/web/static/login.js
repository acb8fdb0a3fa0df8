"use strict";
(function () {
  var form = document.getElementById("login"), error = document.getElementById("login-error");
  form.addEventListener("submit", function (e) {
    e.preventDefault();
    window.psoas.api("/api/login", { method: "POST", body: { username: form.username.value, password: form.password.value } })
      .then(function () { location.href = form.dataset.next || "/"; },
            function (err) { error.textContent = err.message; error.hidden = false; });
  });
})();
