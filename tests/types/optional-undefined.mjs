// Fails when an optional member of anything a caller passes in (every parameter of the clients'
// methods and constructors, of the loader and of `verifyWebhookSignature`, and what they hold,
// however deep) does not take `undefined`: a project with `exactOptionalPropertyTypes` would
// then have to leave the member out where the runtime treats `undefined` as absent (its JSON
// text drops it). Reads pkg/index.d.ts (or the declarations named) with the TypeScript compiler's
// own checker. Usage: node tests/types/optional-undefined.mjs [index.d.ts]
import ts from 'typescript';

const file = process.argv[2] ?? 'pkg/index.d.ts';
const program = ts.createProgram([file], {
  strict: true,
  exactOptionalPropertyTypes: true,
  noEmit: true,
  target: ts.ScriptTarget.ES2022,
  lib: ['lib.es2022.d.ts', 'lib.dom.d.ts', 'lib.esnext.disposable.d.ts'],
  types: [],
});
const checker = program.getTypeChecker();
// With exactOptionalPropertyTypes, an optional member's type holds the checker's "missing" type,
// which is not this one: only a member declared with `| undefined` holds it.
const undefinedType = checker.getUndefinedType();
const source = program.getSourceFile(file);
if (!source) throw new Error(`${file} not found: run scripts/build-pkg.sh`);
const module = checker.getSymbolAtLocation(source);
const exports = new Map(checker.getExportsOfModule(module).map((symbol) => [symbol.name, symbol]));

const ours = (declaration) => declaration?.getSourceFile() === source;
const problems = new Set();
const seen = new Set();
let members = 0;

// An answer passed back as it came (createSource's `checkType` takes the `SourceType` that
// listSourceTypes or getSourceType answered) is parsed JSON, never `undefined`: not an input.
const answers = new Set(['SourceType']);
const skipped = new Set();

/** Checks every optional member of `type`, and what each member holds, once per type. */
function walk(type, where) {
  if (seen.has(type)) return;
  seen.add(type);
  const name = (type.aliasSymbol ?? type.getSymbol())?.name;
  if (answers.has(name)) {
    skipped.add(name);
    return;
  }
  if (type.isUnion() || type.isIntersection()) {
    for (const part of type.types) walk(part, where);
    return;
  }
  if (checker.isArrayType(type) || checker.isTupleType(type)) {
    for (const item of checker.getTypeArguments(type)) walk(item, `${where}[]`);
    return;
  }
  if (!(type.flags & ts.TypeFlags.Object)) return;
  // A callback's parameters are what the client hands out, not what it takes.
  if (type.getCallSignatures().length > 0) return;
  for (const property of checker.getPropertiesOfType(type)) {
    const declaration = property.declarations?.[0];
    // The DOM's and ES's own types (AbortSignal, Request) are not this package's to fix.
    if (!ours(declaration)) continue;
    const name = `${where}.${property.name}`;
    const memberType = checker.getTypeOfSymbol(property);
    if (property.flags & ts.SymbolFlags.Optional) {
      members += 1;
      const parts = memberType.isUnion() ? memberType.types : [memberType];
      if (!parts.some((part) => part === undefinedType)) {
        const owner = declaration.parent && ts.isInterfaceDeclaration(declaration.parent) ? declaration.parent.name.text : '';
        // The type as written: the checker's would show the optional marker as `| undefined`.
        const written = declaration.type?.getText() ?? checker.typeToString(memberType);
        problems.add(`${name}${owner ? ` (in ${owner})` : ''}, declared \`${written}\``);
      }
    }
    walk(memberType, name);
  }
}

function walkSignatures(signatures, where) {
  for (const signature of signatures) {
    for (const parameter of signature.getParameters()) {
      walk(checker.getTypeOfSymbol(parameter), `${where}(${parameter.name})`);
    }
  }
}

for (const name of ['CensusClient', 'StitchClient']) {
  const symbol = exports.get(name);
  if (!symbol) throw new Error(`${file} exports no ${name}`);
  const classType = checker.getTypeOfSymbol(symbol);
  walkSignatures(classType.getConstructSignatures(), `new ${name}`);
  const instance = checker.getDeclaredTypeOfSymbol(symbol);
  for (const method of checker.getPropertiesOfType(instance)) {
    walkSignatures(checker.getTypeOfSymbol(method).getCallSignatures(), `${name}.${method.name}`);
  }
}
for (const name of ['init', 'initSync', 'verifyWebhookSignature']) {
  const symbol = exports.get(name);
  if (!symbol) throw new Error(`${file} exports no ${name}`);
  walkSignatures(checker.getTypeOfSymbol(symbol).getCallSignatures(), name);
}

if (problems.size > 0) {
  for (const problem of problems) console.error(`an optional input member that refuses \`undefined\`: ${problem}`);
  process.exit(1);
}
console.log(`every optional input member takes \`undefined\` (${members} checked in ${file}; answers taken back as they came, not checked: ${[...skipped].join(', ')})`);
