// Client-side display logic: no data, no server round trip.
window.dash_clientside = Object.assign({}, window.dash_clientside, {
  poverty: {
    // The language switch keeps the current path and query, flipping only ?lang=.
    languageHref: function (href) {
      const url = new URL(href || window.location.href);
      const current = url.searchParams.get("lang") === "zh" ? "zh" : "en";
      if (current === "zh") { url.searchParams.delete("lang"); } else { url.searchParams.set("lang", "zh"); }
      return url.pathname + url.search;
    },
    // Copies the address of the view on screen. The clipboard API needs a secure context
    // (HTTPS or localhost); on a plain-HTTP intranet the older copy command does it, and
    // failing both, the address is shown to be copied by hand.
    copyLink: function (clicks) {
      if (!clicks) { return window.dash_clientside.no_update; }
      const href = window.location.href;
      const button = document.getElementById("copy-link");
      const copied = button ? button.dataset.copied : "Link copied";
      const byCommand = function () {
        const area = document.createElement("textarea");
        area.value = href;
        area.setAttribute("readonly", "");
        area.style.position = "fixed";
        area.style.opacity = "0";
        document.body.appendChild(area);
        area.select();
        let done = false;
        try { done = document.execCommand("copy"); } catch (e) { done = false; }
        document.body.removeChild(area);
        return done ? copied : href;
      };
      if (navigator.clipboard && window.isSecureContext) {
        return navigator.clipboard.writeText(href).then(function () { return copied; }, byCommand);
      }
      return byCommand();
    },
    // The brief's Print button: the browser's own print dialog, with the print stylesheet.
    printPage: function (clicks) {
      if (clicks) { window.print(); }
      return window.dash_clientside.no_update;
    },
  },
});

// The search box's suggestions are links: the arrow keys move between the box and them,
// Escape returns to the box and closes them. Enter on a link opens it; Enter in the box
// submits the form, which opens the best match.
document.addEventListener("keydown", function (event) {
  const input = document.getElementById("place-search");
  const list = document.getElementById("place-suggestions");
  if (!input || !list || !["ArrowDown", "ArrowUp", "Escape"].includes(event.key)) { return; }
  const links = Array.from(list.querySelectorAll("a"));
  const at = links.indexOf(document.activeElement);
  if (event.target !== input && at < 0) { return; }
  let next = null;
  if (event.key === "Escape") {
    list.hidden = true;
    next = input;
  } else if (event.key === "ArrowDown") {
    list.hidden = false;
    next = links[Math.min(at + 1, links.length - 1)] || null;
  } else if (at >= 0) {
    next = at === 0 ? input : links[at - 1];
  }
  if (next) {
    event.preventDefault();
    next.focus();
  }
});

// Typing opens the suggestions again after Escape closed them.
document.addEventListener("input", function (event) {
  const list = document.getElementById("place-suggestions");
  if (list && event.target && event.target.id === "place-search") { list.hidden = false; }
});
