// Copy link: without JavaScript the link simply leads to the page; with it,
// a click copies the address and says so.
(function () {
  "use strict";
  document.querySelectorAll("a.share-copy[data-copy]").forEach(function (a) {
    if (!navigator.clipboard) return;
    a.setAttribute("role", "button");
    a.addEventListener("click", function (e) {
      e.preventDefault();
      navigator.clipboard.writeText(a.getAttribute("data-copy")).then(function () {
        var status = a.parentNode.querySelector(".share-status");
        if (status) status.textContent = a.getAttribute("data-copied") || "";
      });
    });
  });
})();
