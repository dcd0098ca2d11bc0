// Builds the API reference with TypeDoc from the package's declarations (pkg/index.d.ts, as
// scripts/build-pkg.sh writes them) into docs/api/, with the package README as its front page.
// Fails on any TypeDoc warning (an undocumented export, a broken link, a type that is used but not
// exported) and on any function, method or constructor without an example.
// Usage: node scripts/docs.mjs   (after scripts/build-pkg.sh; scripts/test.sh runs both)
import { existsSync, rmSync } from 'node:fs';
import { Application, ReflectionKind } from 'typedoc';

const out = 'docs/api';
if (!existsSync('pkg/index.d.ts')) {
  console.error('error: pkg/index.d.ts not found: run scripts/build-pkg.sh first');
  process.exit(1);
}

const app = await Application.bootstrap({
  entryPoints: ['pkg/index.d.ts'],
  name: 'census-wasm',
  readme: 'pkg/README.md',
  out,
  tsconfig: 'scripts/docs.tsconfig.json',
  excludeExternals: true,
  // Everything exported is checked: documented, exported where it is used, links resolved.
  validation: { notExported: true, invalidLink: true, notDocumented: true },
  requiredToBeDocumented: ['Class', 'Interface', 'TypeAlias', 'Function', 'Method', 'Accessor', 'Constructor', 'Variable'],
  treatWarningsAsErrors: true,
  disableSources: true,
  sort: ['kind', 'source-order'], // classes first, then interfaces, types and functions; members as declared
  logLevel: 'Warn',
});

const project = await app.convert();
if (!project) process.exit(1);
app.validate(project);

// An example for every callable: the client's methods carry the README's (assemble-pkg.mjs puts
// them there), the rest their own. Members inherited from outside the package (the error classes'
// constructors are Error's) are not the package's to document.
const missing = [];
for (const reflection of project.getReflectionsByKind(ReflectionKind.Function | ReflectionKind.Method | ReflectionKind.Constructor)) {
  const signatures = reflection.signatures ?? [];
  if (signatures.length > 0 && signatures.every((signature) => signature.inheritedFrom)) continue;
  const comments = [reflection.comment, ...signatures.map((signature) => signature.comment)];
  if (!comments.some((comment) => comment?.getTag('@example'))) missing.push(reflection.getFullName());
}
if (missing.length > 0) {
  console.error(`error: no @example for ${missing.join(', ')}`);
  process.exit(1);
}

if (app.logger.hasErrors() || app.logger.hasWarnings()) process.exit(1);
rmSync(out, { recursive: true, force: true });
await app.generateDocs(project, out);
if (app.logger.hasErrors() || app.logger.hasWarnings()) process.exit(1);
const methods = project.getReflectionsByKind(ReflectionKind.Method).length;
console.log(`API reference written to ${out}/index.html (${methods} methods, each with an example; no warnings)`);
