/* "Embed in a newsletter": under each question of an explainer page, a control to copy the
   question's email-ready snippet (HTML, text or Markdown) or preview it. Each explainer has one
   bundle (embed/x/<explainer>.json, written by generator/bundle.py), named in the page head
   (<script type="application/json" class="qa-embed-bundle">{"href": ...}</script>). The controls are built here, since they need this script
   anyway; the snippet is joined exactly as Bundle.question_snippet joins it in Python, then
   copied with the Clipboard API, or selected in a text box to copy by hand. */
(function () {
  "use strict";

  var LABELS = { html: "HTML", txt: "Text", "md.txt": "Markdown" };
  var bundles = {};

  function setStatus(box, message) {
    var status = box.querySelector(".qa-embed-status");
    if (status) status.textContent = message;
  }

  function target(box) {
    var link = box.querySelector("a.qa-embed-preview");
    var url = new URL(link.href, document.baseURI);
    var question = decodeURIComponent(url.hash.slice(1));
    url.hash = "";
    return { url: url.href, question: question };
  }

  function load(url) {
    if (!bundles[url]) {
      bundles[url] = fetch(url).then(function (response) {
        if (!response.ok) throw new Error("HTTP " + response.status);
        return response.json();
      });
      bundles[url].catch(function () { delete bundles[url]; });
    }
    return bundles[url];
  }

  /* Mirror of generator/bundle.py join(): blocks on lines of their own inside the frame; text
     and Markdown blocks separated by one newline. */
  function snippet(bundle, question, format) {
    var body = bundle.questions[question];
    if (!body) throw new Error("no question " + question + " in this bundle");
    var blocks = [bundle.kicker, body, bundle.footer];
    if (format === "html") {
      return [bundle.frame[0]].concat(blocks.map(function (b) { return b.html; }), [bundle.frame[1]])
        .join("\n") + "\n";
    }
    var key = format === "txt" ? "text" : "markdown";
    return blocks.map(function (b) { return b[key]; }).join("\n").replace(/^\n+/, "");
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

  function copyButton(button) {
    var box = button.closest(".qa-embed");
    var format = button.getAttribute("data-format");
    var where = target(box);
    setStatus(box, "Copying\u2026");
    load(where.url)
      .then(function (bundle) { return copy(box, snippet(bundle, where.question, format)); })
      .then(function (copied) {
        setStatus(box, copied
          ? LABELS[format] + " copied to the clipboard."
          : "Select the text below and copy it (Ctrl+C or \u2318C).");
      })
      .catch(function (error) {
        setStatus(box, "Could not load the snippet (" + error.message + ").");
      });
  }

  function preview(link) {
    var box = link.closest(".qa-embed");
    var where = target(box);
    var popup = window.open("", "_blank");  /* opened now, inside the click, so it is not blocked */
    load(where.url)
      .then(function (bundle) {
        var html = snippet(bundle, where.question, "html");
        var page = new Blob(["<!DOCTYPE html><meta charset=\"utf-8\"><title>Email preview</title>" + html],
          { type: "text/html" });
        if (popup) popup.location.href = URL.createObjectURL(page);
      })
      .catch(function (error) {
        if (popup) popup.close();
        setStatus(box, "Could not load the snippet (" + error.message + ").");
      });
  }

  function element(tag, attributes, text) {
    var node = document.createElement(tag);
    Object.keys(attributes).forEach(function (name) { node.setAttribute(name, attributes[name]); });
    if (text) node.textContent = text;
    return node;
  }

  function control(bundleUrl, question) {
    var box = element("details", { "class": "qa-embed" });
    box.appendChild(element("summary", {}, "Embed in a newsletter"));
    box.appendChild(element("p", {}, "An email-ready copy of this answer, with links back to this page."));
    var row = element("p", {});
    [["html", "Copy HTML"], ["txt", "Copy text"], ["md.txt", "Copy Markdown"]].forEach(function (b) {
      row.appendChild(element("button", { type: "button", "class": "md-button qa-embed-copy", "data-format": b[0] }, b[1]));
      row.appendChild(document.createTextNode(" "));
    });
    var url = new URL(bundleUrl, document.baseURI);
    url.hash = question;
    row.appendChild(element("a", { "class": "qa-embed-preview", href: url.href, target: "_blank", rel: "noopener" },
      "Open the preview"));
    row.appendChild(element("span", { "class": "qa-embed-status", role: "status", "aria-live": "polite" }));
    box.appendChild(row);
    return box;
  }

  /* After each question's last paragraph (its sources, related questions, ...), before the next heading. */
  function addControls() {
    var data = document.querySelector("script.qa-embed-bundle");
    if (!data) return;
    var href = JSON.parse(data.textContent).href;
    document.querySelectorAll("h2.qa-question[id]").forEach(function (heading) {
      var last = heading;
      for (var next = heading.nextElementSibling; next && next.tagName !== "H2"; next = next.nextElementSibling) {
        if (next.tagName !== "SCRIPT") last = next;
      }
      last.insertAdjacentElement("afterend", control(href, heading.id));
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", addControls);
  else addControls();

  document.addEventListener("click", function (event) {
    if (!event.target.closest) return;
    var button = event.target.closest("button.qa-embed-copy");
    if (button) {
      copyButton(button);
      return;
    }
    var link = event.target.closest("a.qa-embed-preview");
    if (link) {
      event.preventDefault();
      preview(link);
    }
  });
})();
