import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { CHAR_SPACE, LINE_PITCH, renderDutyReportDocx } from './docx';
import type { DraftContent } from './model';

const content: DraftContent = {
  title: '述职报告',
  blocks: [
    { id: 'h1', type: 'heading', level: 1, text: '一、履职情况' },
    { id: 'h2', type: 'heading', level: 2, text: '（一）加强思想政治建设' },
    {
      id: 'b1',
      type: 'paragraph',
      runs: [
        { id: 't1', type: 'text', text: '全年开展组织生活', edited: false },
        {
          id: 'p1',
          type: 'figure',
          indicatorKey: 'meetings.held.byKind',
          indicatorName: '组织生活开展次数',
          group: null,
          text: '2000余',
          value: 2056,
          measureUnit: '次',
          parts: [],
        },
        { id: 't2', type: 'text', text: '次，培训干部', edited: false },
        {
          id: 'p2',
          type: 'missing',
          indicatorKey: 'training.trainees',
          reason: 'unknownIndicator',
          reasonText: '尚无模块提供该指标',
        },
        { id: 't3', type: 'text', text: '人次。', edited: false },
      ],
    },
  ],
};

async function partsOf(buffer: Buffer) {
  const zip = await JSZip.loadAsync(buffer);
  const read = async (name: string) => (await zip.file(name)?.async('string')) ?? '';
  const files = Object.keys(zip.files);
  const footerNames = files.filter((f) => /^word\/footer\d+\.xml$/.test(f));
  const footers = await Promise.all(footerNames.map(read));
  return {
    rels: await read('word/_rels/document.xml.rels'),
    footerFiles: Object.fromEntries(footerNames.map((name, i) => [name, footers[i]!])),
    document: await read('word/document.xml'),
    styles: await read('word/styles.xml'),
    settings: await read('word/settings.xml'),
    footers,
  };
}

/** The XML of one style, by id. */
const styleXml = (styles: string, id: string) => {
  const match = new RegExp(`<w:style [^>]*w:styleId="${id}"[\\s\\S]*?</w:style>`).exec(styles);
  if (!match) throw new Error(`no style ${id}`);
  return match[0];
};

describe('duty report .docx', () => {
  it('lays out A4 with the GB/T 9704 margins and a 22 × 28 document grid', async () => {
    const { document } = await partsOf(await renderDutyReportDocx(content, { author: '张三' }));
    expect(document).toMatch(/<w:pgSz w:w="11906" w:h="16838"/);
    // 37 mm top, 35 mm bottom, 28 mm left, 26 mm right (twips).
    expect(document).toMatch(/w:top="2098"/);
    expect(document).toMatch(/w:bottom="1984"/);
    expect(document).toMatch(/w:left="1587"/);
    expect(document).toMatch(/w:right="1474"/);
    // 225 mm text block / 22 lines → 579 twips (28.95 pt) per line.
    expect(LINE_PITCH).toBe(579);
    expect(document).toMatch(
      new RegExp(`<w:docGrid w:type="linesAndChars" w:linePitch="579" w:charSpace="${CHAR_SPACE}"`),
    );
    // 156 mm / 28 characters = 15.79 pt per character: 0.21 pt less than the 16 pt font.
    expect(CHAR_SPACE).toBeLessThan(-800);
    expect(CHAR_SPACE).toBeGreaterThan(-900);
  });

  it('names the fonts and sizes of title, headings and body', async () => {
    const { styles, document } = await partsOf(await renderDutyReportDocx(content, { author: '张三' }));
    const fontOf = (xml: string) => /<w:rFonts w:ascii="([^"]+)" w:cs="[^"]+" w:eastAsia="([^"]+)"/.exec(xml);
    const sizeOf = (xml: string) => /<w:sz w:val="(\d+)"\/>/.exec(xml)?.[1];
    const title = styleXml(styles, 'ReportTitle');
    expect(fontOf(title)?.[2]).toBe('方正小标宋简体');
    expect(sizeOf(title)).toBe('44');
    expect(title).toMatch(/<w:jc w:val="center"\/>/);
    expect(fontOf(styleXml(styles, 'Heading1'))?.[2]).toBe('黑体');
    expect(sizeOf(styleXml(styles, 'Heading1'))).toBe('32');
    expect(fontOf(styleXml(styles, 'Heading2'))?.[2]).toBe('楷体_GB2312');
    expect(fontOf(styleXml(styles, 'Heading3'))?.[2]).toBe('仿宋_GB2312');
    // Body: the document defaults, 3号 仿宋_GB2312, exact line spacing, indented two characters.
    const defaults = /<w:docDefaults>[\s\S]*?<\/w:docDefaults>/.exec(styles)?.[0] ?? '';
    expect(fontOf(defaults)?.[2]).toBe('仿宋_GB2312');
    expect(sizeOf(defaults)).toBe('32');
    expect(defaults).toMatch(/w:line="579" w:lineRule="exact"/);
    expect(defaults).toMatch(/w:firstLineChars="200"/);
    // Headings use the heading styles; the text is all there.
    expect(document).toMatch(/<w:pStyle w:val="Heading1"\/>[\s\S]*一、履职情况/);
    expect(document).toMatch(/<w:pStyle w:val="Heading2"\/>[\s\S]*（一）加强思想政治建设/);
    expect(document).toContain('2000余');
    // A missing figure is flagged in red, never written as X or 0.
    expect(document).toMatch(
      /<w:color w:val="C00000"\/>[\s\S]*?【缺：尚无模块提供该指标（training.trainees）】/,
    );
    expect(document).not.toMatch(/>X</);
  });

  it('appends the key indicators table when asked', async () => {
    const plain = await partsOf(await renderDutyReportDocx(content, { author: '张三' }));
    expect(plain.document).not.toContain('重点指标完成情况统计表');
    const { document } = await partsOf(
      await renderDutyReportDocx(content, { author: '张三', keyTable: true }),
    );
    expect(document).toContain('附表：重点指标完成情况统计表');
    expect(document).toMatch(/<w:tbl>/);
    const rows = document.match(/<w:tr>|<w:tr /g) ?? [];
    expect(rows).toHaveLength(3);
    expect(document).toContain('组织生活开展次数');
    expect(document).toContain('缺：尚无模块提供该指标');
  });

  it('numbers pages "— 1 —" in 4号 宋体, odd pages right and even pages left', async () => {
    const { document, settings, footers, rels, footerFiles } = await partsOf(
      await renderDutyReportDocx(content, { author: '张三' }),
    );
    expect(settings).toMatch(/<w:evenAndOddHeaders\/>/);
    expect(document).toMatch(/<w:footerReference w:type="default"/);
    expect(document).toMatch(/<w:footerReference w:type="even"/);
    expect(footers).toHaveLength(2);
    for (const footer of footers) {
      expect(footer).toMatch(/<w:instrText[^>]*>PAGE<\/w:instrText>/);
      expect(footer).toContain('— ');
      expect(footer).toContain(' —');
      expect(footer).toMatch(/w:eastAsia="宋体"/);
      expect(footer).toMatch(/<w:sz w:val="28"\/>/);
    }
    const sides = footers.map((footer) => /<w:jc w:val="(\w+)"\/>/.exec(footer)?.[1]).sort();
    expect(sides).toEqual(['left', 'right']);
    // The default footer (odd pages) is the right-aligned one.
    const defaultId = /<w:footerReference w:type="default" r:id="(\w+)"/.exec(document)?.[1];
    const evenId = /<w:footerReference w:type="even" r:id="(\w+)"/.exec(document)?.[1];
    const target = (id: string | undefined) =>
      new RegExp(`Id="${id}"[^>]*Target="([^"]+)"|Target="([^"]+)"[^>]*Id="${id}"`).exec(rels);
    const fileOf = (id: string | undefined) => {
      const match = target(id);
      return `word/${match?.[1] ?? match?.[2]}`;
    };
    expect(/<w:jc w:val="(\w+)"\/>/.exec(footerFiles[fileOf(defaultId)] ?? '')?.[1]).toBe('right');
    expect(/<w:jc w:val="(\w+)"\/>/.exec(footerFiles[fileOf(evenId)] ?? '')?.[1]).toBe('left');
  });
});
