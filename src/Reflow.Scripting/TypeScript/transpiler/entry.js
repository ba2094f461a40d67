// The bundle's entry. Reflow.Scripting runs the bundle once in a Jint engine of its own (TypeScript/SucraseHost.cs)
// and calls globalThis.reflowTranspileTypeScript(code) to strip a TypeScript ES module's types.
import { transform } from "sucrase";
import { parse } from "sucrase/dist/esm/parser/index.js";
import { ContextualKeyword } from "sucrase/dist/esm/parser/tokenizer/keywords.js";
import { TokenType } from "sucrase/dist/esm/parser/tokenizer/types.js";

const valueDeclarations = new Set([TokenType._const, TokenType._let, TokenType._var, TokenType._function, TokenType._class, TokenType._enum]);

// Sucrase removes every namespace as if it held only types: one that declares values would vanish and fail later,
// at a use, with a ReferenceError. Such a namespace is refused here, at its own place. Returns its keyword's token.
function findValueNamespace(code) {
  const tokens = parse(code, false, true, false).tokens;
  for (let i = 0; i + 1 < tokens.length; i++) {
    const token = tokens[i];
    const keyword = token.contextualKeyword;
    if (token.type !== TokenType.name || (keyword !== ContextualKeyword._namespace && keyword !== ContextualKeyword._module)
      || tokens[i + 1].type !== TokenType.name
      || (i > 0 && tokens[i - 1].contextualKeyword === ContextualKeyword._declare)) {
      continue;
    }
    let j = i + 1;
    while (j < tokens.length && tokens[j].type !== TokenType.braceL) j++;
    for (let depth = 0; j < tokens.length; j++) {
      const type = tokens[j].type;
      if (type === TokenType.braceL || type === TokenType.dollarBraceL) depth++;
      else if (type === TokenType.braceR && --depth === 0) break;
      else if (depth === 1 && valueDeclarations.has(type)) return token;
    }
  }
  return null;
}

function place(code, position) {
  let line = 1, column = 1;
  for (let i = 0; i < position; i++) {
    if (code.charCodeAt(i) === 10) { line++; column = 1; } else column++;
  }
  return { line, column };
}

globalThis.reflowTranspileTypeScript = function (code) {
  try {
    // Only the "typescript" transform: import/export stay (Jint runs ES modules), modern syntax stays
    // (disableESTransforms), and Sucrase keeps every line where it was, so a run-time error's line is the .ts line.
    const result = transform(code, { transforms: ["typescript"], disableESTransforms: true }).code;
    const namespace = /\b(namespace|module)\s+[\w$.]+\s*\{/.test(code) ? findValueNamespace(code) : null;
    if (namespace !== null) {
      const at = place(code, namespace.start);
      return {
        error: "a namespace that declares values is not supported (the type stripper removes namespaces as types); export the values from the module or put them in an object",
        line: at.line, column: at.column, kind: "unsupported",
      };
    }
    return { code: result };
  } catch (e) {
    const loc = e && e.loc;
    const message = String(e && e.message !== undefined ? e.message : e);
    // Sucrase ends a syntax error's message with "(line:column)"; the host puts the place first instead.
    return { error: loc ? message.replace(/ \(\d+:\d+\)$/, "") : message, line: loc ? loc.line : 0, column: loc ? loc.column : 0, kind: "syntax" };
  }
};
