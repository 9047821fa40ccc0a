// Live discussion: new comments appear without a reload. Without this script
// (or without JavaScript) the page works the same, by reloading.
(function () {
  "use strict";
  var section = document.querySelector("[data-live]");
  if (!section || !window.EventSource) return;
  var list = document.getElementById("comments");
  var status = document.getElementById("live-status");
  var tokenInput = document.querySelector('input[name="csrf_token"]');
  var token = tokenInput ? tokenInput.value : "";
  var loggedIn = !!section.querySelector(".comment-form");
  var returnTo = section.querySelector('input[name="return_to"]');
  var sort = section.getAttribute("data-sort");
  var page = section.getAttribute("data-page");
  var heading = section.querySelector("#discussion-title .count");
  var shownCount = -1;
  var source = new EventSource(section.getAttribute("data-live"));
  source.addEventListener("comment", function (event) {
    var data;
    try { data = JSON.parse(event.data); } catch (e) { return; }
    // The count is the subject's total when the comment was announced, so it
    // is right whether or not this page shows the comment itself; an event
    // that arrives late never lowers it.
    if (heading && data.count_text && typeof data.count === "number" && data.count > shownCount) {
      shownCount = data.count;
      heading.textContent = "(" + data.count_text + ")";
    }
    var tpl = document.createElement("template");
    tpl.innerHTML = data.html.trim();
    var item = tpl.content.firstElementChild;
    if (!item) return;
    var shown = document.getElementById("comment-" + data.id);
    if (shown) {
      // A decision of the moderation (hidden, shown again, edited) replaces
      // the comment itself; its replies stay where they are.
      var marks = ["comment-hidden-by-moderation", "comment-moderated"];
      var changed = marks.some(function (m) {
        return shown.classList.contains(m) !== item.classList.contains(m);
      });
      var before = shown.querySelector(":scope > article");
      var after = item.querySelector(":scope > article");
      if (changed && before && after) {
        if (!loggedIn) {
          after.querySelectorAll("form.reactions, details.reply").forEach(function (f) { f.remove(); });
        } else {
          after.querySelectorAll('input[name="csrf_token"]').forEach(function (i) { i.value = token; });
        }
        shown.replaceChild(after, before);
        shown.className = item.className;
        if (status && data.announce_moderation) status.textContent = data.announce_moderation;
      }
      return;
    }
    if (loggedIn) {
      item.querySelectorAll('input[name="csrf_token"]').forEach(function (i) { i.value = token; });
      if (returnTo) {
        item.querySelectorAll('input[name="return_to"]').forEach(function (i) { i.value = returnTo.value; });
      }
    } else {
      item.querySelectorAll("form.reactions, details.reply").forEach(function (f) { f.remove(); });
    }
    if (data.anchor) {
      var replies = document.getElementById("replies-" + data.anchor);
      if (!replies) return;
      replies.appendChild(item);
    } else {
      // A new top-level comment belongs at the top of the newest-first first page.
      if (sort === "newest" && page === "1") {
        list.insertBefore(item, list.firstChild);
      } else if (sort === "oldest") {
        list.appendChild(item);
      } else {
        return;
      }
      var none = document.getElementById("no-comments");
      if (none) none.remove();
    }
    if (status) status.textContent = data.announce;
  });
})();
