/* The Kenes console's few behaviours; everything works without them too. */
(function () {
  "use strict";

  // htmx requests carry the session's CSRF token, like every form does.
  document.addEventListener("htmx:configRequest", function (event) {
    var token = document.body.dataset.csrf;
    if (token) {
      event.detail.headers["X-CSRF-Token"] = token;
    }
  });

  // The language switch applies as soon as a language is picked.
  document.addEventListener("change", function (event) {
    var target = event.target;
    if (target instanceof HTMLSelectElement && target.hasAttribute("data-submit-on-change")) {
      target.form.requestSubmit();
    }
  });

  // Keyboard: "/" searches; j and k move through the queue's rows; Enter opens the need.
  function rows() {
    return Array.prototype.slice.call(document.querySelectorAll("tr[data-row] a[data-need-link]"));
  }
  document.addEventListener("keydown", function (event) {
    var target = event.target;
    var typing = target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement ||
      target instanceof HTMLSelectElement;
    if (typing || event.ctrlKey || event.metaKey || event.altKey) {
      return;
    }
    if (event.key === "/") {
      var search = document.getElementById("q");
      if (search) {
        event.preventDefault();
        search.focus();
      }
      return;
    }
    if (event.key !== "j" && event.key !== "k") {
      return;
    }
    var links = rows();
    if (!links.length) {
      return;
    }
    var index = links.indexOf(document.activeElement);
    index = event.key === "j" ? Math.min(index + 1, links.length - 1) : Math.max(index - 1, 0);
    links[index].focus();
    event.preventDefault();
  });
})();
