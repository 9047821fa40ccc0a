// The header's menus without JavaScript are <details> disclosures. Here each
// becomes a button with aria-expanded that shows and hides its list, so screen
// readers hear the state; Escape closes a menu, and a click elsewhere closes
// the open submenu.
(function () {
  "use strict";
  var toggles = [];
  function setOpen(button, open) {
    button.setAttribute("aria-expanded", open ? "true" : "false");
  }
  document.querySelectorAll(".site-header details[data-disclosure]").forEach(function (details) {
    var summary = details.querySelector(":scope > summary");
    var list = details.querySelector(":scope > ul");
    if (!summary || !list) return;
    var button = document.createElement("button");
    button.type = "button";
    button.className = summary.className;
    button.innerHTML = summary.innerHTML;
    button.setAttribute("aria-controls", list.id);
    setOpen(button, false);
    button.addEventListener("click", function () {
      var open = button.getAttribute("aria-expanded") !== "true";
      // One submenu at a time.
      toggles.forEach(function (other) {
        if (other !== button && open && !other.parentNode.contains(button)) setOpen(other, false);
      });
      setOpen(button, open);
    });
    var parent = details.parentNode;
    parent.insertBefore(button, details);
    parent.insertBefore(list, details);
    parent.removeChild(details);
    parent.classList.add("has-toggle");
    toggles.push(button);
  });
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    for (var i = toggles.length - 1; i >= 0; i--) {
      var b = toggles[i];
      if (b.getAttribute("aria-expanded") === "true" && b.parentNode.contains(document.activeElement)) {
        setOpen(b, false);
        b.focus();
        return;
      }
    }
  });
  document.addEventListener("click", function (event) {
    toggles.forEach(function (b) {
      if (b.classList.contains("submenu-toggle") && !b.parentNode.contains(event.target)) setOpen(b, false);
    });
  });
})();
