// The outline of TypeScript modules as the TypeScript parser reads them (one JSON line per file on stdout):
// parse diagnostics, and each top-level statement's kind, name and (for `x = f(...)`) the function called
// with its first argument when that is a string literal. Used by tests/test_escaping_property.py.
const path = require("path");
const fs = require("fs");
const ts = require(path.join(__dirname, "..", "..", "node_modules", "typescript"));

function outline(file) {
  const text = fs.readFileSync(file, "utf8");
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const statements = source.statements.map((s) => {
    const item = { kind: ts.SyntaxKind[s.kind] };
    if (s.name && s.name.text !== undefined) item.name = s.name.text;
    if (ts.isVariableStatement(s)) {
      const decl = s.declarationList.declarations[0];
      item.name = decl.name.getText(source);
      let init = decl.initializer;
      // sqliteView(...).as(sql`...`): the call at the root of the chain
      while (init && ts.isCallExpression(init) && ts.isPropertyAccessExpression(init.expression)) {
        init = init.expression.expression;
      }
      if (init && ts.isCallExpression(init)) {
        item.call = init.expression.getText(source);
        const first = init.arguments[0];
        if (first && ts.isStringLiteral(first)) item.first = first.text;
      }
    }
    return item;
  });
  return { file, diagnostics: source.parseDiagnostics.map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n")), statements };
}

const files = JSON.parse(fs.readFileSync(0, "utf8"));
for (const file of files) process.stdout.write(JSON.stringify(outline(file)) + "\n");
