// Bundles entry.js the way plotly.js bundles itself (its esbuild-config.js, minus the GL
// plugin no trace here needs), then writes a Brotli copy at the best quality, which is
// too slow to do per request.
const fs = require('fs');
const zlib = require('zlib');
const esbuild = require('esbuild');
const InlineCSSPlugin = require('esbuild-plugin-inline-css');
const { environmentPlugin } = require('esbuild-plugin-environment');

const outfile = '../plotly-dashboard.min.js';

// plotly.js gives a trace waiting on a GeoJSON URL another trace is already fetching 5 s
// (100 polls of 50 ms), then rejects the whole plot: a map whose counties' file takes longer
// to arrive (a slow network, a busy machine) is drawn with no counties at all. The integrity
// map's flag outlines share the counties' file. Wait while the fetch is pending; a failed
// fetch deletes its entry, which still rejects.
const GEO_WAIT = 'if (cnt > 100) {';
const waitWhilePending = {
    name: 'wait-while-geojson-pending',
    setup(build) {
        build.onLoad({ filter: /geo_location_utils\.js$/ }, (args) => {
            const source = fs.readFileSync(args.path, 'utf8');
            if (!source.includes(GEO_WAIT)) {
                throw new Error(`${args.path} no longer has "${GEO_WAIT}": check the patch`);
            }
            return { contents: source.replace(GEO_WAIT, 'if (!PlotlyGeoAssets[url]) {'), loader: 'js' };
        });
    },
};

esbuild.build({
    entryPoints: ['entry.js'],
    outfile,
    format: 'iife',
    globalName: 'Plotly',
    bundle: true,
    minify: true,
    legalComments: 'eof',
    plugins: [waitWhilePending, InlineCSSPlugin(), environmentPlugin({ NODE_DEBUG: false })],
    alias: { stream: 'stream-browserify' },
    define: { global: 'window', 'define.amd': 'false' },
    target: 'es2016',
    logLevel: 'info',
}).then(() => {
    const brotli = zlib.brotliCompressSync(fs.readFileSync(outfile), {
        params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_LGWIN]: 24 },
    });
    fs.writeFileSync(outfile + '.br', brotli);
}).catch(() => process.exit(1));
