/* "Embed in a newsletter": copy a question's email-ready snippet (HTML, text or Markdown).
   The snippet files sit next to the preview link (embed/q/<id>.html, .txt, .md.txt); they are
   fetched on demand and copied with the Clipboard API, or selected in a text box to copy by hand. */
(function () {
  "use strict";

  function setStatus(box, message) {
    var status = box.querySelector(".qa-embed-status");
    if (status) status.textContent = message;
  }

  function snippetUrl(box, format) {
    var preview = box.querySelector("a.qa-embed-preview");
    return preview.href.replace(/\.html$/, "." + format);
  }

  function showForManualCopy(box, text) {
    var area = box.querySelector("textarea.qa-embed-source");
    if (!area) {
      area = document.createElement("textarea");
      area.className = "qa-embed-source";
      area.readOnly = true;
      area.rows = 8;
      area.setAttribute("aria-label", "Snippet to copy");
      box.appendChild(area);
    }
    area.value = text;
    area.focus();
    area.select();
    try {
      return document.execCommand("copy");
    } catch (error) {
      return false;
    }
  }

  function copy(box, text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text).then(
        function () { return true; },
        function () { return showForManualCopy(box, text); }
      );
    }
    return Promise.resolve(showForManualCopy(box, text));
  }

  var LABELS = { html: "HTML", txt: "Text", "md.txt": "Markdown" };

  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("button.qa-embed-copy") : null;
    if (!button) return;
    var box = button.closest(".qa-embed");
    var format = button.getAttribute("data-format");
    setStatus(box, "Copying\u2026");
    fetch(snippetUrl(box, format))
      .then(function (response) {
        if (!response.ok) throw new Error("HTTP " + response.status);
        return response.text();
      })
      .then(function (text) { return copy(box, text); })
      .then(function (copied) {
        setStatus(box, copied
          ? LABELS[format] + " copied to the clipboard."
          : "Select the text below and copy it (Ctrl+C or \u2318C).");
      })
      .catch(function (error) {
        setStatus(box, "Could not load the snippet (" + error.message + ").");
      });
  });
})();
