// Bundles entry.js the way plotly.js bundles itself (its esbuild-config.js, minus the GL
// plugin no trace here needs), then writes a Brotli copy at the best quality, which is
// too slow to do per request.
const fs = require('fs');
const zlib = require('zlib');
const esbuild = require('esbuild');
const InlineCSSPlugin = require('esbuild-plugin-inline-css');
const { environmentPlugin } = require('esbuild-plugin-environment');

const outfile = '../plotly-dashboard.min.js';

esbuild.build({
    entryPoints: ['entry.js'],
    outfile,
    format: 'iife',
    globalName: 'Plotly',
    bundle: true,
    minify: true,
    legalComments: 'eof',
    plugins: [InlineCSSPlugin(), environmentPlugin({ NODE_DEBUG: false })],
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
