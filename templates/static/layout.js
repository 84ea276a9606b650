// layout.js: the menu's button on narrow screens, the administration
// submenu closing when the user goes elsewhere, and keyboard access to
// tables that scroll inside their box. Without it every page still works:
// the menu stays open and tables scroll with the mouse or a finger.
(function () {
  "use strict";
  var root = document.documentElement;
  root.classList.add("js-menu");
  function start() {
    var button = document.querySelector(".menu-toggle");
    var menu = document.getElementById("site-menu");
    if (button && menu) {
      button.addEventListener("click", function () {
        var open = menu.classList.toggle("open");
        button.setAttribute("aria-expanded", open ? "true" : "false");
      });
    }
    var subs = document.querySelectorAll("details.submenu");
    document.addEventListener("click", function (e) {
      subs.forEach(function (d) { if (d.open && !d.contains(e.target)) { d.open = false; } });
    });
    document.addEventListener("keydown", function (e) {
      if (e.key !== "Escape") { return; }
      subs.forEach(function (d) {
        if (d.open) { d.open = false; d.querySelector("summary").focus(); }
      });
    });
    labelScrollBoxes();
    window.addEventListener("resize", labelScrollBoxes);
  }
  // A box that scrolls gets a tab stop and a name, so a keyboard can scroll
  // it and a screen reader says what it holds.
  function labelScrollBoxes() {
    document.querySelectorAll(".table-box").forEach(function (box) {
      var scrolls = box.scrollWidth > box.clientWidth + 1;
      if (scrolls && !box.hasAttribute("tabindex")) {
        var caption = box.querySelector("caption");
        box.setAttribute("tabindex", "0");
        box.setAttribute("role", "region");
        box.setAttribute("aria-label", caption ? caption.textContent : (root.dataset.wideTable || ""));
      } else if (!scrolls && box.getAttribute("tabindex") === "0") {
        box.removeAttribute("tabindex");
        box.removeAttribute("role");
        box.removeAttribute("aria-label");
      }
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
