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
  },
});
