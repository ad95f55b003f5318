/**
 * twofold's architecture, written once and checked by `npm run check:deps`
 * (part of `npm test`). docs/architecture.md draws the same picture.
 *
 * Layers, lowest first; a layer may import itself and anything below it,
 * never anything above:
 *
 *   oath        RFC 4226/6238 arithmetic, no twofold imports at all
 *   core        the Twofold instance, types, secrets, errors, events, clock
 *   store       memory and SQL stores          (beside each other,
 *   gateways    SMS / voice / e-mail senders    neither imports the other)
 *   devices     device kinds, one folder each (src/devices/<kind>/), plus the
 *               shared kind description (src/devices/describe/)
 *   import      moving devices in from other systems (src/import/django/):
 *               reads a foreign database, writes through the core and a store
 *   web         framework-neutral primitives: sessions, CSRF, HTML, redirects,
 *               forms, headers, i18n, the page kit; it knows no flow and no kind
 *   flows       what the pages do, in folders that build on each other:
 *                 shared (verification events, the primary device)
 *                 <- policy <- remember <- login <- account <- api <- step-up <- admin
 *   assembly    wires routes, options, views and messages of the flows together
 *   express     framework adapters (beside each other)
 *   hono
 *   cli         command line tools: may use anything below assembly
 *
 * Above src/: examples (demo, guides) may use every public entry point.
 *
 * Besides the layers: no import cycles between files (a cycle between
 * folders shows up as one between files, since folders hold nothing else).
 */

/** A layer's folder(s) under src/, as a path regex. */
const layer = {
  oath: '^src/oath/',
  core: '^src/core/',
  store: '^src/store/',
  gateways: '^src/gateways/',
  devices: '^src/devices/',
  import: '^src/import/',
  web: '^src/web/',
  flows: '^src/flows/',
  assembly: '^src/assembly/',
  express: '^src/express/',
  hono: '^src/hono/',
  cli: '^src/cli/',
};

/** What each layer must not import: every layer above it (and its siblings where they are independent). */
const above = {
  oath: ['core', 'store', 'gateways', 'devices', 'import', 'web', 'flows', 'assembly', 'express', 'hono', 'cli'],
  core: ['store', 'gateways', 'devices', 'import', 'web', 'flows', 'assembly', 'express', 'hono', 'cli'],
  store: ['gateways', 'devices', 'import', 'web', 'flows', 'assembly', 'express', 'hono', 'cli'],
  gateways: ['store', 'devices', 'import', 'web', 'flows', 'assembly', 'express', 'hono', 'cli'],
  devices: ['import', 'web', 'flows', 'assembly', 'express', 'hono', 'cli'],
  import: ['web', 'flows', 'assembly', 'express', 'hono', 'cli'],
  web: ['import', 'flows', 'assembly', 'express', 'hono', 'cli'],
  flows: ['import', 'assembly', 'express', 'hono', 'cli'],
  assembly: ['express', 'hono', 'cli'],
  express: ['hono', 'cli'],
  hono: ['express', 'cli'],
  cli: ['assembly', 'express', 'hono'],
};

/** The flows, lowest first: each folder may import the ones before it, never the ones after. */
const flows = ['shared', 'policy', 'remember', 'login', 'account', 'api', 'step-up', 'admin'];

const flowRules = [
  ...flows.slice(0, -1).map((name, index) => ({
    name: `flows-${name}-imports-upward`,
    comment: `flows/${name} may not import ${flows.slice(index + 1).map((above) => `flows/${above}`).join(', ')}`,
    severity: 'error',
    from: { path: `^src/flows/${name}/` },
    to: { path: flows.slice(index + 1).map((above) => `^src/flows/${above}/`) },
  })),
  {
    // A new flow folder takes its place in the list above before it may import anything.
    name: 'flows-folder-unlisted',
    comment: `every folder under src/flows is one of: ${flows.join(', ')} (add a new one to that list, in order)`,
    severity: 'error',
    from: { path: '^src/flows/', pathNot: `^src/flows/(${flows.join('|')})/` },
    to: {},
  },
];

const layerRules = Object.entries(above).map(([from, forbidden]) => ({
  name: `${from}-imports-upward`,
  comment: `${from} may not import ${forbidden.join(', ')} (see the layer list at the top of .dependency-cruiser.cjs)`,
  severity: 'error',
  from: { path: layer[from] },
  to: { path: forbidden.map((name) => layer[name]) },
}));

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    ...layerRules,
    ...flowRules,
    {
      name: 'flows-in-folders',
      comment: 'Every flow module lives in one of the flow folders, so that the order above covers it.',
      severity: 'error',
      from: { path: '^src/flows/[^/]+$' },
      to: {},
    },
    {
      name: 'no-cycles',
      comment: 'Files import each other in one direction only; a cycle means two modules are one, or one is in the wrong layer.',
      severity: 'error',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'oath-stands-alone',
      comment: 'The OATH algorithms import nothing of twofold outside src/oath (they are published as twofold/oath).',
      severity: 'error',
      from: { path: '^src/oath/' },
      to: { path: '^src/', pathNot: '^src/oath/' },
    },
    {
      name: 'src-not-from-outside',
      comment: 'The library never imports its tests, examples or scripts.',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^(test|examples|scripts|bench)/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    includeOnly: '^src/',
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
  },
};
