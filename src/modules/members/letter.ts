import type { TransferView } from './contract';
import { yearsBetween } from './dates';
import { categoryNames, transferStatusNames } from './vocabulary';

type LetterData = TransferView & { birthDate: string; ethnicity: string | null };

const escapes: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes text for HTML. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => escapes[c]!);
}

/** 2026-03-05 → 2026年3月5日. */
export function chineseDate(iso: string): string {
  const [y, m, d] = iso.split('-').map(Number);
  return `${y}年${m}月${d}日`;
}

/**
 * The introduction letter (中国共产党党员组织关系介绍信) with its receipt stub, as a print-friendly A4
 * HTML page; the print button hides itself when printing.
 */
export function renderLetter(letter: LetterData): string {
  const h = (text: string | null | undefined) => escapeHtml(text ?? '');
  const receiver = letter.toUnitName ?? letter.destination ?? '';
  const age = yearsBetween(letter.birthDate, letter.requestedOn);
  const gender = letter.memberGender === 'female' ? '女' : '男';
  const closed = letter.status !== 'pending' && letter.status !== 'accepted';
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>党员组织关系介绍信 ${h(letter.letterNumber)}</title>
<style>
  @page { size: A4; margin: 25mm 22mm; }
  body { font-family: "FangSong", "STFangsong", "Noto Serif CJK SC", "Noto Sans CJK SC", serif; color: #000; margin: 0; background: #f5f5f5; }
  .sheet { background: #fff; width: 170mm; margin: 16px auto; padding: 18mm 16mm; box-shadow: 0 0 6px rgba(0,0,0,.2); }
  h1 { font-family: "SimHei", "Noto Sans CJK SC", sans-serif; text-align: center; font-size: 24px; letter-spacing: 2px; margin: 0 0 8px; }
  .no { text-align: right; font-size: 16px; margin-bottom: 18px; }
  p { font-size: 18px; line-height: 2; margin: 0; }
  .indent { text-indent: 2em; }
  .sign { text-align: right; margin-top: 28px; }
  .cut { border-top: 1px dashed #000; margin: 28px 0 18px; text-align: center; font-size: 13px; color: #555; }
  .meta { font-size: 14px; color: #333; margin-top: 14px; }
  .void { color: #c00; font-size: 16px; text-align: center; border: 2px solid #c00; padding: 6px; margin-bottom: 12px; }
  .toolbar { text-align: center; margin: 16px; }
  .toolbar button { font-size: 16px; padding: 6px 24px; cursor: pointer; }
  @media print { body { background: #fff; } .toolbar { display: none; } .sheet { box-shadow: none; margin: 0; width: auto; padding: 0; } }
</style>
</head>
<body>
<div class="toolbar"><button type="button" onclick="window.print()" data-testid="print-letter">打印介绍信</button></div>
<div class="sheet">
  ${closed ? `<div class="void">本转接已${h(transferStatusNames[letter.status])}，此介绍信作废</div>` : ''}
  <h1>中国共产党党员组织关系介绍信</h1>
  <div class="no">第 ${h(letter.letterNumber)} 号</div>
  <p>${h(receiver)}：</p>
  <p class="indent">${h(letter.memberName)} 同志（${gender}，${age} 岁，${h(letter.ethnicity ?? '')}），系中共${h(
    categoryNames[letter.memberCategory],
  )}，身份证号码 ${h(letter.idNumberMasked)}，由 ${h(letter.fromUnitName)} 去 ${h(receiver)}，请转接组织关系。</p>
  <p class="indent">转接原因：${h(letter.reason)}。</p>
  <p class="indent">该同志党费已交到 ______ 年 ____ 月。</p>
  <p class="indent">（有效期至 ${chineseDate(letter.letterValidUntil)}）</p>
  <p class="sign">${h(letter.fromUnitName)}（盖章）</p>
  <p class="sign" style="margin-top:0">${chineseDate(letter.requestedOn)}</p>
  <p class="meta">党员联系电话：________________　　党组织联系电话：________________</p>
  <div class="cut">（此处剪开，回执由接收党组织填写后寄回）</div>
  <h1 style="font-size:20px">回　执</h1>
  <div class="no">第 ${h(letter.letterNumber)} 号</div>
  <p>${h(letter.fromUnitName)}：</p>
  <p class="indent">${h(letter.memberName)} 同志的党员组织关系已转达我处，特此回执。</p>
  <p class="sign">接收党组织（盖章）</p>
  <p class="sign" style="margin-top:0">年　　月　　日</p>
</div>
</body>
</html>`;
}
