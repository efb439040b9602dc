import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';

/** Rules about the source that neither the compiler nor Biome checks. */
const SRC = join(__dirname, '..', 'src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

/** Every type assertion in src/ (`x as T`, but not `as const`), as "file:line text". */
function casts(): string[] {
  const found: string[] = [];
  for (const file of sourceFiles(SRC)) {
    const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
    const visit = (node: ts.Node): void => {
      if ((ts.isAsExpression(node) || ts.isTypeAssertionExpression(node)) && node.type.getText() !== 'const') {
        const line = source.getLineAndCharacterOfPosition(node.getStart()).line + 1;
        found.push(`${file.slice(SRC.length + 1)}:${line} ${node.getText()}`);
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return found;
}

/** String literals of the files under `dir`, as "file:line text". */
function stringsIn(dir: string): string[] {
  const found: string[] = [];
  for (const file of sourceFiles(dir)) {
    const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
    const visit = (node: ts.Node): void => {
      if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) || ts.isTemplateExpression(node)) {
        found.push(`${file.slice(SRC.length + 1)}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1} ${node.getText()}`);
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return found;
}

describe('source rules', () => {
  test('src/domain and src/service hold no Slack wording: no slash commands, mentions, links or emoji codes', () => {
    const slackish = /`\/incident\b|<[@#!]|:[a-z_]+:(?!\/)/;
    const found = [...stringsIn(join(SRC, 'domain')), ...stringsIn(join(SRC, 'service'))].filter((where) => slackish.test(where.slice(where.indexOf(' ') + 1)));
    expect(found).toEqual([]);
  });

  test('at most 15 type assertions in src/, and none through unknown: types come from parsing, not from saying so', () => {
    const found = casts();
    expect(found.filter((cast) => / as unknown\b/.test(cast))).toEqual([]);
    expect(found.length).toBeLessThanOrEqual(15);
  });

  test('every folder of src/ has tests in the matching folder of test/, or is covered by the end-to-end tests it names', () => {
    const folders = [
      ...new Set(
        sourceFiles(SRC).map((f) =>
          f
            .slice(SRC.length + 1)
            .split('/')
            .slice(0, -1)
            .join('/'),
        ),
      ),
    ].filter(Boolean);
    const testFiles = sourceFiles(join(__dirname)).map((f) => f.slice(__dirname.length + 1));
    const untested = folders.filter((folder) => !testFiles.some((t) => t.startsWith(`${folder}/`)));
    expect(untested).toEqual([]);
  });
});
