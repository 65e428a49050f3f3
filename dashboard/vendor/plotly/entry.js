'use strict';
// Only the traces the dashboard draws: scatter (always in core), bar and choroplethmap.
// plotly.js must stay the version plotly.py ships (plotly/package_data/plotly.min.js).
var Plotly = require('plotly.js/lib/core');

Plotly.register([require('plotly.js/lib/bar'), require('plotly.js/lib/choroplethmap')]);

module.exports = Plotly;
