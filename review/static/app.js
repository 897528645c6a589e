// Keyboard shortcuts for the review queue. Progressive enhancement: every action
// also works with plain links and forms.
(function () {
  "use strict";

  function typing(target) {
    var tag = target && target.tagName;
    return tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || (target && target.isContentEditable);
  }

  function queueKeys(event, rows) {
    var current = document.querySelector("tr.current");
    var index = current ? rows.indexOf(current) : -1;
    if (event.key === "j" || event.key === "k") {
      var next = event.key === "j" ? Math.min(index + 1, rows.length - 1) : Math.max(index - 1, 0);
      if (current) current.classList.remove("current");
      rows[next].classList.add("current");
      rows[next].scrollIntoView({ block: "nearest" });
      return true;
    }
    if ((event.key === "Enter" || event.key === "o") && current) {
      window.location.href = current.getAttribute("data-href");
      return true;
    }
    return false;
  }

  function itemKeys(event, form) {
    var fieldset = form.querySelector("fieldset");
    if (fieldset && fieldset.disabled) return false;
    if (event.key === "a") {
      form.querySelectorAll("input[data-suggested]").forEach(function (box) { box.checked = true; });
      return true;
    }
    if (event.key === "c") {
      form.requestSubmit();
      return true;
    }
    if (/^[1-9]$/.test(event.key)) {
      var boxes = form.querySelectorAll("input[name=signal_type]");
      var box = boxes[Number(event.key) - 1];
      if (box) box.checked = !box.checked;
      return true;
    }
    return false;
  }

  document.addEventListener("DOMContentLoaded", function () {
    var rows = Array.prototype.slice.call(document.querySelectorAll("tr[data-href]"));
    rows.forEach(function (row) {
      row.addEventListener("dblclick", function () {
        window.location.href = row.getAttribute("data-href");
      });
    });
    var form = document.getElementById("confirm");
    document.addEventListener("keydown", function (event) {
      if (event.ctrlKey || event.metaKey || event.altKey || typing(event.target)) return;
      var handled = false;
      if (rows.length) handled = queueKeys(event, rows);
      else if (form) handled = itemKeys(event, form);
      if (handled) event.preventDefault();
    });
  });
})();
