import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { checkSync } from 'recheck';
import ts from 'typescript';

/**
 * Every regular expression in src/ runs in linear time, whatever text it is given: a command
 * crafted to make one backtrack (ReDoS) would stall every other command on the event loop.
 * recheck proves it pattern by pattern; a new pattern joins the check by being in src/.
 */
const srcDir = join(__dirname, '..', '..', 'src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sourceFiles(join(dir, entry.name)) : entry.name.endsWith('.ts') ? [join(dir, entry.name)] : [],
  );
}

function regexLiterals(file: string): { where: string; source: string; flags: string }[] {
  const text = readFileSync(file, 'utf8');
  const sourceFile = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const found: { where: string; source: string; flags: string }[] = [];
  const visit = (node: ts.Node) => {
    if (node.kind === ts.SyntaxKind.RegularExpressionLiteral) {
      const literal = node.getText(sourceFile);
      const end = literal.lastIndexOf('/');
      const { line } = sourceFile.getLineAndCharacterOfPosition(node.getStart(sourceFile));
      found.push({ where: `${relative(srcDir, file)}:${line + 1}`, source: literal.slice(1, end), flags: literal.slice(end + 1) });
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return found;
}

const patterns = sourceFiles(srcDir).flatMap(regexLiterals);

test('src/ has regular expressions to check (the scan works)', () => {
  expect(patterns.length).toBeGreaterThan(20);
});

test.each(patterns.map((p) => [p.where, p.source, p.flags] as const))('%s /%s/%s runs in linear time', (_where, source, flags) => {
  const diagnostics = checkSync(source, flags, { timeout: 5_000 });
  expect({ status: diagnostics.status, complexity: diagnostics.status === 'safe' ? diagnostics.complexity.type : undefined }).toEqual({
    status: 'safe',
    complexity: expect.stringMatching(/^(safe|constant|linear)$/),
  });
});
