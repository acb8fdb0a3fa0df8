/* Starts Swagger UI on /api/docs (a file, not an inline script: the CSP allows only files). */
"use strict";
window.addEventListener("load", function () {
  var root = document.getElementById("swagger-ui");
  if (!window.SwaggerUIBundle) {
    root.textContent = "The API docs could not load here. The description itself is at /api/openapi.json.";
    return;
  }
  window.ui = window.SwaggerUIBundle({
    url: root.dataset.openapi, dom_id: "#swagger-ui", deepLinking: false,
    presets: [window.SwaggerUIBundle.presets.apis], layout: "BaseLayout",
  });
});
