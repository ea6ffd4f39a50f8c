/**
 * The allowed direction of imports, checked by `npm run arch` (part of `npm run check`).
 *
 * The layers, top to bottom; a layer may import only the layers listed for it (always below it),
 * never above, and there is no cycle anywhere, also not inside one folder:
 *
 *   src/app/            composition root: the server start, the extensions wiring
 *   src/cli/            command-line adapter
 *   src/http/           Fastify server, routes, rate limiting, headers (http/extension.ts: the seam)
 *   src/privacy/        session cookie, consent, rights routes, policy page
 *   src/analytics/      anonymous statistics
 *   src/pages/          neutral server-rendered HTML helpers and styles
 *   src/compress/       the runner of one compression
 *   src/quality/search/ automatic quality / format / size search
 *   src/quality/metric/ SSIMULACRA2 and its kernels and worker pool
 *   src/quality/pixels.ts the core pixel type
 *   src/pipeline/       named steps, limits, options, queue, the configured sharp
 *   src/formats/        one file per format
 *   src/config.ts, src/errors.ts
 *   src/shared/         units, score words, defaults, signatures: no Node, imported by the web page
 *   web/src/            the page: only src/shared/ from src
 *   test/, bench/       anything
 *
 * Every layer rule is an allowed list ("from X to anything that is not in X's list"), so that a new
 * folder is forbidden until a rule names it; a file of src/ that is in no layer is reported too.
 */

import { URL, fileURLToPath } from 'node:url';

/** Each layer as a path pattern (relative to the repository root, forward slashes). */
const L = {
  app: '^src/app/',
  cli: '^src/cli/',
  http: '^src/http/',
  httpSeam: '^src/http/extension\\.ts$',
  privacy: '^src/privacy/',
  analytics: '^src/analytics/',
  pages: '^src/pages/',
  compress: '^src/compress/',
  search: '^src/quality/search/',
  metric: '^src/quality/metric/',
  pixels: '^src/quality/pixels\\.ts$',
  pipeline: '^src/pipeline/',
  pipelineSharp: '^src/pipeline/sharp\\.ts$',
  formats: '^src/formats/',
  config: '^src/config\\.ts$',
  errors: '^src/errors\\.ts$',
  shared: '^src/shared/',
  web: '^web/src/',
};

/** Where every file of src/ belongs: a file outside these is in no layer. */
const LAYERS = [
  L.app, L.cli, L.http, L.privacy, L.analytics, L.pages, L.compress, L.search, L.metric, L.pixels,
  L.pipeline, L.formats, L.config, L.errors, L.shared,
];

/** npm packages and Node built-ins are not layers: the layer rules are about our own files. */
const NOT_OURS = '^node_modules/';

/**
 * One rule per layer: from `from` to anything of ours that is not in `allowed` (its own folder is
 * always allowed; cycles inside it are no-circular's business).
 */
function layer(name, from, allowed, comment) {
  return {
    name: `layer-${name}`,
    severity: 'error',
    comment,
    from: { path: from },
    // An import that resolves to nothing is not-to-unresolvable's business, not a layer's.
    to: { pathNot: [from, ...allowed, NOT_OURS], dependencyTypesNot: ['core'], couldNotResolve: false },
  };
}

/** @type {import('dependency-cruiser').IConfiguration} */
export default {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment:
        'A cycle: two modules that each need the other cannot be understood, tested or moved apart. ' +
        'There is none anywhere, also not inside one folder; break it by moving the shared part down.',
      from: {},
      to: { circular: true },
    },

    // ---- The layers, top to bottom --------------------------------------------------------------
    layer(
      'app',
      L.app,
      LAYERS.filter((p) => p !== L.app),
      'The composition root (server start, extensions wiring) may use every layer of src/, but only ' +
        'the layers: not tests, benchmarks, the web page or a folder no rule names yet.',
    ),
    layer(
      'cli',
      L.cli,
      [L.compress, L.pipeline, L.search, L.metric, L.pixels, L.formats, L.shared, L.config, L.errors],
      'The command-line tool is an adapter over the compression core: it knows nothing about HTTP, ' +
        'statistics, privacy or the server start.',
    ),
    layer(
      'http',
      L.http,
      [L.compress, L.pipeline, L.formats, L.shared, L.config, L.errors],
      'The HTTP server serves compressions; statistics and privacy plug in from above through the ' +
        'seam (http/extension.ts), so the server runs, and is tested, without them.',
    ),
    layer(
      'privacy',
      L.privacy,
      [L.analytics, L.pages, L.httpSeam, L.formats, L.shared, L.config, L.errors],
      'Privacy (session, consent, rights, policy page) plugs into the server only through the seam ' +
        'types of http/extension.ts, and knows nothing about compressing.',
    ),
    layer(
      'analytics',
      L.analytics,
      [L.pages, L.httpSeam, L.formats, L.shared, L.config, L.errors],
      'Statistics plug into the server only through http/extension.ts; they never reach into privacy ' +
        '(privacy decides about statistics, not the other way round) nor into compressing.',
    ),
    layer(
      'pages',
      L.pages,
      [L.shared, L.config, L.errors],
      'The server-rendered page helpers are neutral: they know no feature that uses them.',
    ),
    layer(
      'compress',
      L.compress,
      [L.search, L.pipeline, L.formats, L.shared, L.errors, L.config],
      'Running one compression (pipeline, queue, automatic search) knows nothing about HTTP, the ' +
        'command line or statistics: every adapter gets the same result.',
    ),
    layer(
      'quality-search',
      L.search,
      [L.metric, L.pixels, L.pipeline, L.formats, L.shared, L.errors],
      'The automatic quality/format/size search uses the metric and the pipeline; it knows nothing ' +
        'about who asked (HTTP, command line) and reads no settings itself.',
    ),
    layer(
      'quality-metric',
      L.metric,
      [L.pixels, L.pipelineSharp, L.shared, L.errors],
      'The metric (SSIMULACRA2) compares pixels: it knows nothing about searching, compressing or ' +
        'formats, and decodes only through the configured sharp of pipeline/sharp.ts.',
    ),
    layer(
      'quality-pixels',
      L.pixels,
      [L.shared],
      'The pixel type is the bottom of the quality code: it depends on nothing but shared/.',
    ),
    layer(
      'pipeline',
      L.pipeline,
      [L.formats, L.shared, L.config, L.errors],
      'The compression pipeline knows nothing about HTTP, terminals, statistics or the quality ' +
        'search: it turns bytes and options into bytes.',
    ),
    layer(
      'formats',
      L.formats,
      [L.shared, L.errors],
      'A format (detection, encoder settings, defaults) is plain knowledge about that format, ' +
        'usable by every layer above without pulling anything in.',
    ),
    layer('config', L.config, [L.shared], 'The settings are data read from the environment; they depend on nothing of the product.'),
    layer('errors', L.errors, [L.shared], 'The one error type is used everywhere, so it depends on nothing of the product.'),
    layer(
      'shared',
      L.shared,
      [],
      'shared/ is imported by the server, the command line and the browser page alike: it depends ' +
        'on nothing else of ours.',
    ),
    {
      name: 'shared-no-node-or-npm',
      severity: 'error',
      comment:
        'shared/ is bundled into the web page, which runs in the browser: no Node built-in ' +
        '(node:*), no npm package (sharp, fastify, ...).',
      from: { path: L.shared },
      to: {
        dependencyTypes: ['core', 'npm', 'npm-dev', 'npm-optional', 'npm-peer', 'npm-bundled', 'npm-no-pkg', 'npm-unknown'],
      },
    },
    {
      name: 'web-only-shared',
      severity: 'error',
      comment:
        'The web page runs in the browser and talks to the server only over HTTP: of src/ it may ' +
        'import shared/ alone, and no Node built-in.',
      from: { path: L.web },
      to: { pathNot: [L.web, L.shared, NOT_OURS], couldNotResolve: false },
    },
    {
      name: 'src-file-in-no-layer',
      severity: 'error',
      comment:
        'This file of src/ is in no layer, so no rule says who may use it or what it may use: put ' +
        'it into one of the layers, or add a layer (and its rule) here.',
      from: { path: '^src/', pathNot: LAYERS },
      to: { couldNotResolve: false },
    },
    {
      name: 'src-to-file-in-no-layer',
      severity: 'error',
      comment:
        'A test or benchmark imports a file of src/ that is in no layer: put it into one of the ' +
        'layers, or add a layer (and its rule) here. (Imports of it from a layer are that layer\'s ' +
        'rule\'s business.)',
      from: { path: ['^test/', '^bench/'] },
      to: { path: '^src/', pathNot: LAYERS },
    },

    // ---- Libraries ------------------------------------------------------------------------------
    {
      name: 'sharp-only-through-pipeline-sharp',
      severity: 'error',
      comment:
        'libvips must be configured (cache off, nothing written to disc: P3) before its first use, ' +
        'which pipeline/sharp.ts does; everything else uses sharp through it (types may come directly).',
      from: { path: '^src/', pathNot: L.pipelineSharp },
      to: { path: '^node_modules/sharp/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'fastify-only-in-server-layers',
      severity: 'error',
      comment:
        'The compression core, the command line and the neutral pages know nothing about HTTP: only ' +
        'the server, the features plugged into it and the composition root use Fastify.',
      from: { path: '^src/', pathNot: [L.app, L.http, L.privacy, L.analytics] },
      to: { path: '^node_modules/(fastify|@fastify/)' },
    },
    {
      name: 'not-to-dev-dep',
      severity: 'error',
      comment:
        'Production code must not import a devDependency: `npm install --omit=dev` would leave it ' +
        'out and the server or the command line would fail at start. (Build scripts belong in scripts/.)',
      from: { path: '^src/' },
      to: {
        dependencyTypes: ['npm-dev'],
        dependencyTypesNot: ['type-only'],
        pathNot: ['^node_modules/@types/'],
      },
    },
    {
      name: 'not-to-test-or-bench',
      severity: 'error',
      comment: 'Shipped code (src/, web/src/) never uses tests, fixtures or benchmarks.',
      from: { path: ['^src/', L.web] },
      to: { path: ['^test/', '^bench/'] },
    },
    {
      name: 'no-non-package-json',
      severity: 'error',
      comment:
        'An npm package that is not in package.json: it works here by accident (hoisting) and not ' +
        'after a clean install. Add it to dependencies (or devDependencies for tests and tools).',
      from: {},
      to: { dependencyTypes: ['npm-no-pkg', 'npm-unknown'] },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      comment: 'An import that resolves to no file: a typo, or a file that moved without its importers.',
      from: {},
      to: { couldNotResolve: true },
    },
    {
      name: 'no-orphans',
      severity: 'warn',
      comment:
        'A module nobody imports and that imports nothing: probably dead (knip, `npm run unused`, ' +
        'says for sure).',
      from: {
        orphan: true,
        pathNot: ['(^|/)[.][^/]+[.](?:js|cjs|mjs|ts|cts|mts|json)$', '[.]d[.]ts$', '(^|/)tsconfig[.]json$'],
      },
      to: {},
    },
  ],
  options: {
    doNotFollow: { path: ['node_modules'] },
    // The AssemblyScript source of the metric kernels is not TypeScript of the product: it is
    // compiled to WebAssembly by the kernel build script and embedded.
    exclude: { path: ['(^|/)kernels/assembly/', '^test/fixtures/architecture/'] },
    moduleSystems: ['es6', 'cjs'],
    // Type-only imports count: knowing another layer's types is knowing about it.
    tsPreCompilationDeps: true,
    // src/, test/ and bench/ are resolved with tsconfig.json; web/src/ has its own settings, so
    // `npm run arch` cruises it a second time with .dependency-cruiser.web.mjs (the same rules).
    tsConfig: { fileName: fileURLToPath(new URL('tsconfig.json', import.meta.url)) },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types', 'typings'],
      extensions: ['.ts', '.tsx', '.js', '.mjs', '.cjs', '.json'],
    },
    skipAnalysisNotInRules: true,
    reporterOptions: {
      text: { highlightFocused: true },
    },
  },
};
