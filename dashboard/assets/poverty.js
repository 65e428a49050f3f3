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

// plotly.js writes its toolbar and messages in the page's language (the bundle carries its
// Chinese); a page changes language only by loading again.
if (window.Plotly && document.documentElement.lang === "zh-CN") {
  window.Plotly.setPlotConfig({ locale: "zh-CN" });
}

// Every chart is a named figure for screen readers: its title names it, and the summary the
// server wrote into layout.meta.summary (what it shows, in words) describes it.
function nameChart(chart) {
  const layout = chart.layout || {};
  const title = layout.title && layout.title.text ? layout.title.text : "";
  const holder = document.createElement("div");
  holder.innerHTML = title;
  chart.setAttribute("role", "figure");
  chart.setAttribute("aria-label", holder.textContent.trim() || chart.id || "chart");
  const text = layout.meta && layout.meta.summary ? layout.meta.summary : "";
  let summary = chart.querySelector(":scope > .chart-summary");
  if (!summary) {
    summary = document.createElement("p");
    summary.className = "chart-summary visually-hidden";
    summary.id = (chart.parentElement && chart.parentElement.id ? chart.parentElement.id : "chart")
      + "-summary";
    chart.appendChild(summary);
  }
  summary.textContent = text;
  if (text) { chart.setAttribute("aria-describedby", summary.id); } else { chart.removeAttribute("aria-describedby"); }
}

new MutationObserver(function () {
  document.querySelectorAll(".js-plotly-plot:not([data-named])").forEach(function (chart) {
    chart.setAttribute("data-named", "");
    if (chart.on) { chart.on("plotly_afterplot", function () { nameChart(chart); }); }
    if (chart.layout) { nameChart(chart); }
  });
}).observe(document.documentElement, { childList: true, subtree: true });
