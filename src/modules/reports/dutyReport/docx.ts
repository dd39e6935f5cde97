// The duty report as a Word document in the government document format (RULES §8, GB/T 9704-2012):
// A4; margins top 37 mm, bottom 35 mm, left 28 mm, right 26 mm (text block 156 × 225 mm); title 2号
// 方正小标宋简体 centred; body 3号 仿宋_GB2312; headings 一、 黑体, （一） 楷体_GB2312, 1. 仿宋_GB2312; 22 lines
// × 28 characters (document grid and exact line spacing); page numbers 4号 宋体 "— 1 —", odd pages
// right, even pages left. Fonts are named; the reader's Word supplies them.
import {
  AlignmentType,
  Document,
  DocumentGridType,
  Footer,
  HeadingLevel,
  LineRuleType,
  Packer,
  PageNumber,
  SectionType,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  VerticalAlign,
  WidthType,
} from 'docx';
import { lastDayOf } from '../../../platform/indicators/period';
import type { DraftBlock, DraftContent, DraftRun } from './model';

const mm = (value: number) => Math.round((value * 1440) / 25.4);

/** Page setup in twentieths of a point. */
export const pageSetup = {
  width: mm(210),
  height: mm(297),
  top: mm(37),
  bottom: mm(35),
  left: mm(28),
  right: mm(26),
  /** The page number sits about 7 mm below the text block. */
  footer: mm(21),
};

/** 22 lines in the 225 mm text block: the line pitch, rounded down so the 22nd line still fits. */
export const LINE_PITCH = Math.floor(mm(225) / 22);
/** Body size 3号 = 16 pt, in half-points. */
export const BODY_SIZE = 32;
/**
 * 28 characters across the 156 mm text block: Word's w:charSpace is the difference between the grid's
 * character pitch and the font size, in 1/4096 pt.
 */
export const CHAR_SPACE = Math.round((mm(156) / 28 / 20 - BODY_SIZE / 2) * 4096);

export const fonts = {
  title: '方正小标宋简体',
  heading1: '黑体',
  heading2: '楷体_GB2312',
  body: '仿宋_GB2312',
  pageNumber: '宋体',
} as const;

const exact = { line: LINE_PITCH, lineRule: LineRuleType.EXACT, before: 0, after: 0 };
const twoChars = { firstLineChars: 200, firstLine: 2 * BODY_SIZE * 10 };

function pageNumberFooter(side: 'right' | 'left'): Footer {
  return new Footer({
    children: [
      new Paragraph({
        alignment: side === 'right' ? AlignmentType.RIGHT : AlignmentType.LEFT,
        // One character in from the edge of the text block.
        indent: side === 'right' ? { right: 280 } : { left: 280 },
        children: [
          new TextRun({
            font: fonts.pageNumber,
            size: 28,
            children: ['— ', PageNumber.CURRENT, ' —'],
          }),
        ],
      }),
    ],
  });
}

function blockParagraphs(block: DraftBlock): Paragraph[] {
  if (block.type === 'heading') {
    const heading =
      block.level === 1
        ? HeadingLevel.HEADING_1
        : block.level === 2
          ? HeadingLevel.HEADING_2
          : HeadingLevel.HEADING_3;
    return [new Paragraph({ heading, children: [new TextRun(block.text)] })];
  }
  if (block.type === 'paragraph') {
    return [
      new Paragraph({
        children: block.runs.map((run) =>
          run.type === 'missing'
            ? // A figure that could not be filled stays visible, in red, until the author deals with it.
              new TextRun({ text: `【缺：${run.reasonText}（${run.indicatorKey}）】`, color: 'C00000' })
            : new TextRun(run.text),
        ),
      }),
    ];
  }
  if (block.source.type === 'missing') {
    return [
      new Paragraph({
        children: [
          new TextRun({
            text: `【缺：${block.source.reasonText}（${block.source.indicatorKey}）】`,
            color: 'C00000',
          }),
        ],
      }),
    ];
  }
  const lines = block.items.map(
    (item, index) =>
      new Paragraph({
        children: [new TextRun(`${index + 1}. ${item.title}${item.subtitle ? `（${item.subtitle}）` : ''}`)],
      }),
  );
  if (block.more > 0) lines.push(new Paragraph({ children: [new TextRun(`另有${block.more}项，略。`)] }));
  return lines;
}

type FigureRun = Extract<DraftRun, { type: 'figure' | 'missing' }>;

/** Every figure of the report once, in reading order: the rows of the key indicators table. */
export function keyFigures(content: DraftContent): FigureRun[] {
  const seen = new Set<string>();
  return content.blocks
    .flatMap((block): DraftRun[] =>
      block.type === 'paragraph' ? block.runs : block.type === 'recordList' ? [block.source] : [],
    )
    .filter((run): run is FigureRun => run.type !== 'text' && !seen.has(run.id) && Boolean(seen.add(run.id)));
}

/** Widths of the key-indicator table's columns, in twips, summing to the 156 mm text block. */
const KEY_TABLE_COLUMNS = [0.08, 0.34, 0.14, 0.14, 0.3].map((share) => Math.floor(mm(156) * share));

/**
 * A table cell in 小四 仿宋 (the header in 黑体), set off the document grid: exact single line spacing
 * and no character snapping, or the 22 × 28 grid would space a narrow cell's text out to one
 * character per line.
 */
const cell = (text: string, column: number, header = false) =>
  new TableCell({
    width: { size: KEY_TABLE_COLUMNS[column]!, type: WidthType.DXA },
    verticalAlign: VerticalAlign.CENTER,
    children: [
      new Paragraph({
        alignment: header || column !== 1 ? AlignmentType.CENTER : AlignmentType.LEFT,
        indent: { firstLine: 0, firstLineChars: 0 },
        spacing: { line: 340, lineRule: LineRuleType.EXACT, before: 60, after: 60 },
        children: [
          new TextRun({ text, size: 24, snapToGrid: false, font: header ? fonts.heading1 : fonts.body }),
        ],
      }),
    ],
  });

/** 重点指标完成情况统计表: each figure with its value, measure, and the scope and period it counts. */
function keyIndicatorTable(content: DraftContent): Array<Paragraph | Table> {
  const rows = keyFigures(content).map((run, index) => {
    if (run.type === 'missing') {
      return new TableRow({
        children: [
          cell(String(index + 1), 0),
          cell(run.indicatorKey, 1),
          cell(`缺：${run.reasonText}`, 2),
          cell('', 3),
          cell('', 4),
        ],
      });
    }
    const where = run.parts
      .map(
        (part) =>
          `${part.postTitle ?? ''}${part.postTitle ? '：' : ''}${part.period.from} 至 ${lastDayOf(part.period)}`,
      )
      .join('；');
    const name = run.group ? `${run.indicatorName}（${run.groupLabel ?? run.group}）` : run.indicatorName;
    return new TableRow({
      children: [String(index + 1), name, run.text, run.measureUnit, where].map((text, column) =>
        cell(text, column),
      ),
    });
  });
  return [
    new Paragraph({
      heading: HeadingLevel.HEADING_1,
      children: [new TextRun('附表：重点指标完成情况统计表')],
    }),
    new Table({
      width: { size: mm(156), type: WidthType.DXA },
      columnWidths: KEY_TABLE_COLUMNS,
      rows: [
        new TableRow({
          tableHeader: true,
          children: ['序号', '指标', '数值', '计量单位', '统计范围及期间'].map((title, column) =>
            cell(title, column, true),
          ),
        }),
        ...rows,
      ],
    }),
  ];
}

const pageProperties = {
  size: { width: pageSetup.width, height: pageSetup.height },
  margin: {
    top: pageSetup.top,
    bottom: pageSetup.bottom,
    left: pageSetup.left,
    right: pageSetup.right,
    footer: pageSetup.footer,
    header: mm(15),
  },
};
const textGrid = { type: DocumentGridType.LINES_AND_CHARS, linePitch: LINE_PITCH, charSpace: CHAR_SPACE };

/** The report as a .docx file, optionally followed by the key indicators table. */
export async function renderDutyReportDocx(
  content: DraftContent,
  meta: { author: string; keyTable?: boolean },
): Promise<Buffer> {
  const footers = { default: pageNumberFooter('right'), even: pageNumberFooter('left') };
  const document = new Document({
    creator: 'Jiceng',
    title: content.title,
    evenAndOddHeaderAndFooters: true,
    styles: {
      default: {
        document: {
          run: { font: fonts.body, size: BODY_SIZE, color: '000000' },
          paragraph: { spacing: exact, indent: twoChars },
        },
      },
      paragraphStyles: [
        {
          id: 'Heading1',
          name: 'heading 1',
          basedOn: 'Normal',
          next: 'Normal',
          quickFormat: true,
          run: { font: fonts.heading1, size: BODY_SIZE, bold: false, color: '000000' },
          paragraph: { spacing: exact, indent: twoChars, outlineLevel: 0 },
        },
        {
          id: 'Heading2',
          name: 'heading 2',
          basedOn: 'Normal',
          next: 'Normal',
          quickFormat: true,
          run: { font: fonts.heading2, size: BODY_SIZE, bold: false, color: '000000' },
          paragraph: { spacing: exact, indent: twoChars, outlineLevel: 1 },
        },
        {
          id: 'Heading3',
          name: 'heading 3',
          basedOn: 'Normal',
          next: 'Normal',
          quickFormat: true,
          run: { font: fonts.body, size: BODY_SIZE, bold: false, color: '000000' },
          paragraph: { spacing: exact, indent: twoChars, outlineLevel: 2 },
        },
        {
          id: 'ReportTitle',
          name: 'Report Title',
          basedOn: 'Normal',
          next: 'Normal',
          run: { font: fonts.title, size: 44, color: '000000' },
          paragraph: { alignment: AlignmentType.CENTER, spacing: exact, indent: { firstLine: 0 } },
        },
        {
          id: 'ReportAuthor',
          name: 'Report Author',
          basedOn: 'Normal',
          next: 'Normal',
          run: { font: fonts.heading2, size: BODY_SIZE, color: '000000' },
          paragraph: { alignment: AlignmentType.CENTER, spacing: exact, indent: { firstLine: 0 } },
        },
      ],
    },
    sections: [
      {
        properties: { page: pageProperties, grid: textGrid },
        footers,
        children: [
          new Paragraph({ style: 'ReportTitle', children: [new TextRun(content.title)] }),
          new Paragraph({ style: 'ReportAuthor', children: [new TextRun(meta.author)] }),
          new Paragraph({ children: [] }),
          ...content.blocks.flatMap(blockParagraphs),
        ],
      },
      // The appendix table is its own section on a new page, off the 22 × 28 text grid, so narrow
      // cells are not spaced out to one character per line; page numbers run on.
      ...(meta.keyTable
        ? [
            {
              properties: { type: SectionType.NEXT_PAGE, page: pageProperties },
              footers,
              children: keyIndicatorTable(content),
            },
          ]
        : []),
    ],
  });
  return Packer.toBuffer(document);
}
