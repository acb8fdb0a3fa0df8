/* The progress chart in the page's own theme (the night palette after dark). */
"use strict";
(function () {
  var img = document.getElementById("chart");
  if (img) { img.src = img.dataset.src + "?theme=" + (document.documentElement.dataset.theme || "day"); }
})();
