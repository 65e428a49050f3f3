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

// Every chart is a named figure for screen readers: its title names it (a brief's chart,
// whose heading stands above it, keeps its title in layout.meta.name; a map, which has none,
// in its trace's meta.name), and the summary the server wrote into layout.meta.summary (what
// it shows, in words) describes it.
function nameChart(chart) {
  const layout = chart.layout || {};
  const trace = chart.data && chart.data[0];
  const title = layout.title && layout.title.text ? layout.title.text
    : (layout.meta && layout.meta.name) || (trace && trace.meta && trace.meta.name) || "";
  const holder = document.createElement("div");
  holder.innerHTML = title;
  chart.setAttribute("role", "figure");
  const name = holder.textContent.trim();
  if (name) { chart.setAttribute("aria-label", name); }
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

// On a phone a map's legend goes below the map (beside it, it covered two-thirds of it):
// the map takes the top of the chart, the legend the bottom left; and the map zooms out a
// step from the view the server chose for a wide screen, unless the reader has zoomed.
const PHONE = window.matchMedia("(max-width: 600px)");
const MAP_TOP = 0.42;
const PHONE_ZOOM_OUT = 0.8;
function legendBelowMap(chart) {
  const trace = chart.data && chart.data[0];
  if (!PHONE.matches || !trace || trace.type !== "choroplethmap" || !trace.colorbar) { return; }
  const map = chart.layout.map || {};
  const update = {};
  if (typeof map.zoom === "number" && map.zoom !== chart.phoneZoom) {
    chart.phoneZoom = map.zoom - PHONE_ZOOM_OUT;
    update["map.zoom"] = chart.phoneZoom;
  }
  if (!(map.domain && map.domain.y && map.domain.y[0] === MAP_TOP)) {
    update["map.domain.y"] = [MAP_TOP, 1];
  }
  const placed = trace.colorbar.len === MAP_TOP - 0.04 && trace.colorbar.x === 0;
  if (placed && !Object.keys(update).length) { return; }
  window.Plotly.update(chart, placed ? {} : {
    "colorbar.len": MAP_TOP - 0.04, "colorbar.y": 0, "colorbar.yanchor": "bottom",
    "colorbar.x": 0, "colorbar.xanchor": "left",
  }, update, [0]);
}

new MutationObserver(function () {
  document.querySelectorAll(".js-plotly-plot:not([data-named])").forEach(function (chart) {
    chart.setAttribute("data-named", "");
    if (chart.on) {
      chart.on("plotly_afterplot", function () { nameChart(chart); legendBelowMap(chart); });
      // The zoom the map is at, by the reader or by legendBelowMap: not to be changed again.
      chart.on("plotly_relayout", function (change) {
        if (change && change["map.zoom"] !== undefined) { chart.phoneZoom = chart.layout.map.zoom; }
      });
    }
    if (chart.layout) { nameChart(chart); legendBelowMap(chart); }
  });
}).observe(document.documentElement, { childList: true, subtree: true });

// What Dash 4's components do not say for themselves, said once here for every page:
// - a dropdown takes focus on its own button (named by its <label> and its value), not on
//   the hidden input Dash puts before it for Safari (focusable yet hidden from screen readers);
// - a slider's handle and its number box are named by the slider's <label>;
// - dcc.Tabs are tabs: reachable, their state announced, moved between with the arrow keys;
// - a DataTable's sort buttons are reachable buttons, its filters and page buttons named.
// The words are the page's, from its translations (ids.UI_TEXT).
function labelOf(control) {
  const label = control.id && document.querySelector('label[for="' + control.id + '"]');
  if (label && !label.id) { label.id = control.id + "-label"; }
  return label ? label.id : null;
}

function setAttr(node, name, value) {
  if (node && node.getAttribute(name) !== value) { node.setAttribute(name, value); }
}

function mendTables(words) {
  const say = function (key, column) { return (words[key] || "").replace("{column}", column); };
  document.querySelectorAll(".dash-spreadsheet").forEach(function (table) {
    const nameOf = function (column) {
      const header = table.querySelector('th.dash-header[data-dash-column="' + column + '"] .column-header-name');
      return header ? header.textContent.trim() : column;
    };
    table.querySelectorAll("th .column-header--sort").forEach(function (sort) {
      setAttr(sort, "role", "button");
      setAttr(sort, "tabindex", "0");
      setAttr(sort, "aria-label", say("sortBy", nameOf(sort.closest("th").dataset.dashColumn)));
    });
    table.querySelectorAll("th.dash-filter input").forEach(function (input) {
      setAttr(input, "aria-label", say("filterBy", nameOf(input.closest("th").dataset.dashColumn)));
    });
  });
  [["first-page", "firstPage"], ["previous-page", "previousPage"], ["next-page", "nextPage"],
   ["last-page", "lastPage"]].forEach(function (pair) {
    document.querySelectorAll(".previous-next-container button." + pair[0]).forEach(function (button) {
      setAttr(button, "aria-label", say(pair[1], ""));
    });
  });
}

function mendControls() {
  const words = document.getElementById("ui-text");
  if (words) { mendTables(words.dataset); }
  document.querySelectorAll(".dash-dropdown-focus-target").forEach(function (hidden) {
    setAttr(hidden, "tabindex", "-1");
    const button = hidden.nextElementSibling;
    if (!button) { return; }
    setAttr(button, "tabindex", "0");
    const label = labelOf(button);
    const named = (button.getAttribute("aria-labelledby") || "").split(" ");
    if (label && named[0] !== label) {
      setAttr(button, "aria-labelledby", [label].concat(named.filter(Boolean)).join(" "));
    }
  });
  document.querySelectorAll(".dash-slider-container[id]").forEach(function (slider) {
    const label = labelOf(slider);
    if (!label) { return; }
    slider.querySelectorAll("[role=slider], input").forEach(function (part) {
      setAttr(part, "aria-labelledby", label);
    });
  });
  // MapLibre names its canvas "Map", in English whatever the page: the chart's name instead.
  document.querySelectorAll(".js-plotly-plot[aria-label] .maplibregl-canvas").forEach(function (canvas) {
    setAttr(canvas, "aria-label", canvas.closest(".js-plotly-plot").getAttribute("aria-label"));
  });
  // The county map's canvas says how to choose a county on it with the keys (below).
  const keysHint = document.getElementById("map-keys-hint");
  document.querySelectorAll("#map-graph .maplibregl-canvas").forEach(function (canvas) {
    if (keysHint) { setAttr(canvas, "aria-describedby", keysHint.id); }
  });
  document.querySelectorAll(".tab-container").forEach(function (list) {
    setAttr(list, "role", "tablist");
    list.querySelectorAll(":scope > .tab").forEach(function (tab) {
      const selected = tab.classList.contains("tab--selected");
      setAttr(tab, "role", "tab");
      setAttr(tab, "aria-selected", String(selected));
      setAttr(tab, "tabindex", selected ? "0" : "-1");
    });
  });
}

let mending = false;
new MutationObserver(function () {
  if (mending) { return; }
  mending = true;
  window.requestAnimationFrame(function () { mendControls(); mending = false; });
}).observe(document.documentElement, {
  childList: true, subtree: true, attributes: true, attributeFilter: ["class", "tabindex"],
});

// A table's sort button by keyboard: Enter or Space sorts, as a click does.
document.addEventListener("keydown", function (event) {
  if (!["Enter", " "].includes(event.key) || !event.target.classList
      || !event.target.classList.contains("column-header--sort")) { return; }
  event.preventDefault();
  event.target.click();
});

// Tab moves on from a table's sort buttons, filters and links as from anything else, and
// Enter on a link in a cell opens it: DataTable would take both keys for moving between and
// editing its cells, and keep the focus in the table.
window.addEventListener("keydown", function (event) {
  const target = event.target;
  if (!target.closest || !target.closest(".dash-spreadsheet")) { return; }
  if (event.key === "Tab" || (event.key === "Enter" && target.tagName === "A")) {
    event.stopPropagation();
  }
}, true);

// Tabs by keyboard: the arrows move to the next or previous tab and open it, Home and End
// to the first and last; Enter and Space open the focused one.
document.addEventListener("keydown", function (event) {
  const tab = event.target.closest && event.target.closest(".tab-container > .tab");
  if (!tab) { return; }
  const tabs = Array.from(tab.parentElement.querySelectorAll(":scope > .tab"));
  const at = tabs.indexOf(tab);
  const next = {
    ArrowRight: tabs[(at + 1) % tabs.length], ArrowLeft: tabs[(at - 1 + tabs.length) % tabs.length],
    Home: tabs[0], End: tabs[tabs.length - 1], Enter: tab, " ": tab,
  }[event.key];
  if (!next) { return; }
  event.preventDefault();
  next.click();
  next.focus();
});

// Typing in an open dropdown's list filters it, as typing in its search box does: the keys
// go to the box (Dash 4 focuses the chosen option, where letters do nothing).
document.addEventListener("keydown", function (event) {
  if (event.key.length !== 1 || event.ctrlKey || event.metaKey || event.altKey) { return; }
  const list = event.target.closest && event.target.closest(".dash-dropdown-content");
  const search = list && list.querySelector(".dash-dropdown-search");
  if (search && event.target !== search) { search.focus(); }
}, true);

// A county chosen on the map with keys alone. The map's canvas (MapLibre's, reached with
// Tab) takes the arrow keys: they move a highlight from county to county of the view (the
// programme counties of the chosen province, or of China), in the order of their codes,
// which is prefecture by prefecture as the table lists them; Home and End go to the first
// and last, Page Up and Page Down ten at a time; a live region says the county, its value
// and where it is in the list, Enter opens its page, Escape lets go of it. Chosen over a
// second control beside the map (a list of some 1,900 counties) because it is the map
// itself, and done here in the browser from what the plotly graph already holds (the
// counties' codes and names, their values as written, their classes): no server round
// trip, and choosing a year or an indicator still sends only colours. The order is by
// code, not by value, because the browser holds the values only as written and in
// classes. The highlight is plotly's own selection (the other counties fade), so MapLibre
// draws it; the keys it would pan the map with are taken, and its + and - still zoom.
const MAP_KEYS = {
  ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1, PageDown: 10, PageUp: -10,
};

function mapCounties(chart) {
  const trace = chart.data && chart.data[0];
  if (!trace || !trace.customdata || !trace.z) { return []; }
  const province = new URLSearchParams(window.location.search).get("province") || "all";
  const counties = [];
  trace.customdata.forEach(function (row, point) {
    // Class 0 is "not in the programme": those counties have no value and no page of figures.
    if (trace.z[point] === 0) { return; }
    if (province !== "all" && row[0].slice(0, 2) !== province.slice(0, 2)) { return; }
    counties.push({ point: point, row: row, value: trace.text ? trace.text[point] : "" });
  });
  return counties.sort(function (a, b) { return a.row[0] < b.row[0] ? -1 : 1; });
}

function chooseCounty(chart, status, county, n, total) {
  chart.dataset.keyCounty = county ? county.row[0] : "";
  window.Plotly.restyle(chart, {
    selectedpoints: [county ? [county.point] : null],
    "unselected.marker.opacity": 0.3,
  }, [0]);
  if (!county) { status.textContent = ""; return; }
  const zh = document.documentElement.lang === "zh-CN";
  const trace = chart.data[0];
  const words = {
    name: county.row[zh ? 1 : 2], province: county.row[zh ? 3 : 4], value: county.value,
    indicator: (trace.meta && trace.meta.label) || "", n: n, total: total,
  };
  status.textContent = status.dataset.county.replace(/\{(\w+)\}/g, function (_, key) {
    return words[key];
  });
}

window.addEventListener("keydown", function (event) {
  const canvas = event.target;
  if (!canvas.classList || !canvas.classList.contains("maplibregl-canvas")) { return; }
  const chart = canvas.closest(".js-plotly-plot");
  const status = document.getElementById("map-keys-status");
  if (!chart || !status || !chart.closest("#map-graph")) { return; }
  const step = MAP_KEYS[event.key];
  if (!step && !["Home", "End", "Enter", "Escape"].includes(event.key)) { return; }
  const counties = mapCounties(chart);
  if (!counties.length) { return; }
  event.preventDefault();
  event.stopPropagation();  // MapLibre would pan the map with the arrows
  const at = counties.findIndex(function (c) { return c.row[0] === chart.dataset.keyCounty; });
  if (event.key === "Enter") {
    if (at >= 0) {
      const lang = document.documentElement.lang === "zh-CN" ? "?lang=zh" : "";
      window.location.assign("/county/" + counties[at].row[0] + lang);
    }
    return;
  }
  if (event.key === "Escape") { chooseCounty(chart, status, null); return; }
  const last = counties.length - 1;
  const next = event.key === "Home" ? 0 : event.key === "End" ? last
    : at < 0 ? (step > 0 ? 0 : last) : Math.max(0, Math.min(last, at + step));
  chooseCounty(chart, status, counties[next], next + 1, counties.length);
}, true);
