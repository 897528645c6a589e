// Keyboard shortcuts and in-place queue updates. Progressive enhancement: every
// action also works with plain links and forms and JavaScript switched off.
(function () {
  "use strict";

  // Load a queue URL and swap in its count, table and pager, without a page load.
  function loadQueue(url, push) {
    return fetch(url, { credentials: "same-origin", headers: { Accept: "text/html" } })
      .then(function (response) {
        if (!response.ok || response.redirected) throw new Error(String(response.status));
        return response.text();
      })
      .then(function (html) {
        var fresh = new DOMParser().parseFromString(html, "text/html");
        ["h1 .count", "table.queue", "nav.pager"].forEach(function (selector) {
          var old = document.querySelector(selector);
          var replacement = fresh.querySelector(selector);
          if (old && replacement) old.replaceWith(document.importNode(replacement, true));
          else if (old) old.remove();
          else if (replacement) document.querySelector("table.queue").after(document.importNode(replacement, true));
        });
        if (push) window.history.pushState({ queue: true }, "", url);
        else window.history.replaceState({ queue: true }, "", url);
      })
      .catch(function () { window.location.href = url; }); // e.g. the session ran out
  }

  function enhanceQueue(filters) {
    document.body.classList.add("js");
    filters.addEventListener("change", function () {
      var query = new URLSearchParams(new FormData(filters));
      Array.from(query.keys()).forEach(function (key) { if (!query.get(key)) query.delete(key); });
      loadQueue("/?" + query.toString(), false);
    });
    document.addEventListener("click", function (event) {
      var link = event.target.closest && event.target.closest("nav.pager a");
      if (!link || event.ctrlKey || event.metaKey || event.shiftKey) return;
      event.preventDefault();
      loadQueue(link.getAttribute("href"), true);
    });
    window.addEventListener("popstate", function () {
      loadQueue(window.location.pathname + window.location.search, false);
    });
  }

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

  function pairKeys(event) {
    // "z": the top proposal is the same case, "n": another case (review/templates/related_panel.html)
    var value = event.key === "z" ? "same" : event.key === "n" ? "different" : null;
    var button = value && document.querySelector(".pair form.verdict button[value=" + value + "]");
    if (!button) return false;
    button.click();
    return true;
  }

  function linkKeys(event) {
    // "k": link the top proposed dossier, "w": reject it (review/templates/links_panel.html)
    var value = event.key === "k" ? "accept" : event.key === "w" ? "reject" : null;
    var button = value && document.querySelector(".link-pair form.link-verdict button[value=" + value + "]");
    if (!button) return false;
    button.click();
    return true;
  }

  function queueRows() {
    return Array.prototype.slice.call(document.querySelectorAll("tr[data-href]"));
  }

  document.addEventListener("DOMContentLoaded", function () {
    var filters = document.querySelector("form.filters[data-queue]");
    if (filters) enhanceQueue(filters);
    document.addEventListener("dblclick", function (event) {
      var row = event.target.closest && event.target.closest("tr[data-href]");
      if (row) window.location.href = row.getAttribute("data-href");
    });
    var form = document.getElementById("confirm");
    document.addEventListener("keydown", function (event) {
      if (event.ctrlKey || event.metaKey || event.altKey || typing(event.target)) return;
      var rows = queueRows(); // read each time: the table may have been swapped in place
      var handled = false;
      if (rows.length) handled = queueKeys(event, rows);
      else handled = pairKeys(event) || linkKeys(event) || (form ? itemKeys(event, form) : false);
      if (handled) event.preventDefault();
    });
  });
})();
