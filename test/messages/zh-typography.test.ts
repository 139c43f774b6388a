// Chinese texts use Chinese punctuation: full-width （）：，, no space after 。；！？ — in every zh-CN template of the
// catalogue and in the cards the catalogue builds from joined parts, so a Chinese reader never sees "审批中: 1/2".
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { catalogueSamples } from '../helpers/catalogue-samples.ts';
import { visibleTexts } from '../helpers/visible-texts.ts';

const catalogueDir = join(import.meta.dirname, '../../src/messages/catalogue');

// Han characters and the full-width forms (、。「」（）：，); a template's {var} counts as Chinese, since that is what a
// Chinese reader sees in its place ("{role} ({names})" reads "销售主管 (杨文博)").
const cjk = '\\p{Script=Han}\\u3000-\\u303f\\uff00-\\uffef';
const halfWidthNextToChinese = new RegExp(`[${cjk}}] ?[(),:]|[(),:] ?[${cjk}{]`, 'u');
const spaceAfterStop = /[。；！？] /;

// Real exceptions: text a reader types or a machine reads, where half-width is the right character. Prose puts a
// space after its colon; command syntax never does, which is how the two are told apart.
const allowed: [RegExp, string][] = [
  [/`[^`]*`/g, 'a command shown as code'],
  [/\[[^\]]*\]/g, 'optional command arguments in a usage line: "[@销售|团队:@经理|区域:east]"'],
  [/[\p{Script=Han}}]+:(?=\S)/gu, 'a key:value command argument: "姓名:李雷", "到:11-20", "{system}:{id}"'],
  [/\b[a-z]+:/g, 'an English command key: "owner:", "status:"'],
  [/[\p{Script=Han}]+(?:,[\p{Script=Han}A-Z]+)+/gu, 'a CSV header line as it must be written in the file'],
  [/:\d{2}[A-Z]?:/g, 'an MT940 field tag: ":61:"'],
  [/http\(s\)|\{"[^\s]*\}/g, 'URL and JSON syntax'],
];

// Words people typed into the sample records (a name with its romanisation) and an English e-mail to an English-speaking
// customer that quotes its Chinese step name: their marks are theirs, not the catalogue's.
const typed = ['赵敏 (Zhao Min)', '(验收款 60%)'];

// An allowed stretch becomes a neutral mark: neither a space nor Chinese, so it can start or end no finding.
function withoutAllowed(text: string): string {
  return allowed.reduce((t, [pattern]) => t.replace(pattern, '·'), text);
}

function problems(text: string): string[] {
  const rest = withoutAllowed(typed.reduce((t, word) => t.replaceAll(word, '·'), text));
  const found: string[] = [];
  if (spaceAfterStop.test(rest)) found.push('space after a Chinese stop');
  const m = halfWidthNextToChinese.exec(rest);
  if (m) found.push(`half-width "${m[0]}"`);
  return found;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

// Every string literal written under a 'zh-CN' key of a catalogue file: the Chinese templates, as written.
function zhTemplates(): { where: string; text: string }[] {
  const out: { where: string; text: string }[] = [];
  for (const file of sourceFiles(catalogueDir)) {
    const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
    const visit = (node: ts.Node, inZh: boolean): void => {
      const zh =
        inZh ||
        (ts.isPropertyAssignment(node) && ts.isStringLiteral(node.name) && node.name.text === 'zh-CN');
      if (zh && (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node))) {
        const { line } = source.getLineAndCharacterOfPosition(node.getStart());
        out.push({ where: `${file.slice(catalogueDir.length + 1)}:${line + 1}`, text: node.text });
      }
      ts.forEachChild(node, (child) => visit(child, zh));
    };
    visit(source, false);
  }
  return out;
}

describe('Chinese punctuation in zh-CN texts', () => {
  it('every zh-CN catalogue template uses full-width punctuation and no space after a stop', () => {
    const templates = zhTemplates();
    expect(templates.length).toBeGreaterThan(1000);
    const found = templates.flatMap(({ where, text }) => problems(text).map((p) => `${where} ${p}: ${text}`));
    expect(found).toEqual([]);
  });

  it('every zh-CN catalogue card reads the same once its parts are joined', () => {
    const found = catalogueSamples('zh-CN').flatMap(({ name, card }) =>
      visibleTexts(card).flatMap(([where, text]) =>
        problems(text).map((p) => `${name} ${where} ${p}: ${text}`),
      ),
    );
    expect(found).toEqual([]);
  });
});
