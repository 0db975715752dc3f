// Validate Mermaid diagram sources with Mermaid's own parser.
//
// stdin:  a JSON array of diagram sources (strings, without the ``` fences).
// stdout: a JSON array of the same length: null when the source parses, else the error message.
// exit:   0 when every source was checked (even if some are invalid); 2 on bad input or a broken setup.
//
// Used by tests/mermaid_parser.py; run from the repository root so that node_modules resolves.

import { JSDOM } from 'jsdom';

// Mermaid sanitises labels with DOMPurify while parsing (flowchart node and edge labels, for example).
// DOMPurify binds to `window` when its module is first evaluated, and without a DOM it has no
// sanitize/addHook at all ("DOMPurify.addHook is not a function"). So the jsdom globals must exist
// *before* mermaid (and with it dompurify) is loaded: hence the dynamic imports below.
const dom = new JSDOM('<!DOCTYPE html><html><body></body></html>', { pretendToBeVisual: true });
const { window } = dom;
const globals = {
  window,
  document: window.document,
  navigator: window.navigator,
  Element: window.Element,
  HTMLElement: window.HTMLElement,
  SVGElement: window.SVGElement,
  Node: window.Node,
  DOMParser: window.DOMParser,
  XMLSerializer: window.XMLSerializer,
  MutationObserver: window.MutationObserver,
};
for (const [name, value] of Object.entries(globals)) {
  // Never clobber what Node itself provides (e.g. navigator on newer Node versions).
  if (globalThis[name] === undefined) {
    Object.defineProperty(globalThis, name, { value, configurable: true, writable: true });
  }
}

// Keep stdout for the JSON result only: anything Mermaid (or its dependencies) logs goes to stderr.
for (const level of ['log', 'info', 'debug', 'trace', 'warn']) {
  console[level] = (...args) => console.error(...args);
}

function fail(message) {
  process.stderr.write(`parse.mjs: ${message}\n`);
  process.exit(2);
}

const { default: DOMPurify } = await import('dompurify');
if (typeof DOMPurify.sanitize !== 'function' || typeof DOMPurify.addHook !== 'function') {
  fail('DOMPurify did not bind to the jsdom window; Mermaid cannot parse labelled diagrams');
}
const { default: mermaid } = await import('mermaid');
mermaid.initialize({ startOnLoad: false, logLevel: 'fatal', securityLevel: 'strict' });

async function readStdin() {
  const chunks = [];
  for await (const chunk of process.stdin) {
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function errorMessage(err) {
  const message = err instanceof Error ? err.message : String(err?.message ?? err);
  return message.trim() === '' ? 'unknown Mermaid parse error' : message;
}

let sources;
try {
  sources = JSON.parse(await readStdin());
} catch (err) {
  fail(`stdin is not valid JSON: ${errorMessage(err)}`);
}
if (!Array.isArray(sources) || !sources.every((s) => typeof s === 'string')) {
  fail('stdin must be a JSON array of strings');
}

const results = [];
for (const source of sources) {
  try {
    // Throws on invalid syntax (suppressErrors is not set); resolves to {diagramType, config} on success.
    await mermaid.parse(source);
    results.push(null);
  } catch (err) {
    results.push(errorMessage(err));
  }
}

// Exit only once the result is flushed (stdout may be a pipe).
process.stdout.write(`${JSON.stringify(results)}\n`, () => {
  window.close();
  process.exit(0);
});
