// The bundle's entry. Reflow.Scripting runs the bundle once in a Jint engine of its own (TypeScript/SucraseHost.cs)
// and calls globalThis.reflowTranspileTypeScript(code) to strip a TypeScript ES module's types.
import { transform } from "sucrase";

globalThis.reflowTranspileTypeScript = function (code) {
  try {
    // Only the "typescript" transform: import/export stay (Jint runs ES modules), modern syntax stays
    // (disableESTransforms), and Sucrase keeps every line where it was, so a run-time error's line is the .ts line.
    return { code: transform(code, { transforms: ["typescript"], disableESTransforms: true }).code };
  } catch (e) {
    const loc = e && e.loc;
    const message = String(e && e.message !== undefined ? e.message : e);
    // Sucrase ends a syntax error's message with "(line:column)"; the host puts the place first instead.
    return { error: loc ? message.replace(/ \(\d+:\d+\)$/, "") : message, line: loc ? loc.line : 0, column: loc ? loc.column : 0 };
  }
};
