'use strict';
// Only the traces the dashboard draws: scatter (always in core), bar, choroplethmap and
// sankey (the overview's East–West flows).
// plotly.js must stay the version plotly.py ships (plotly/package_data/plotly.min.js).
var Plotly = require('plotly.js/lib/core');

Plotly.register([require('plotly.js/lib/bar'), require('plotly.js/lib/choroplethmap'),
                 require('plotly.js/lib/sankey'),
                 // plotly.js's own Chinese for its toolbar and messages; pages in Chinese
                 // choose it by their config's locale.
                 require('plotly.js/lib/locales/zh-cn')]);

module.exports = Plotly;
