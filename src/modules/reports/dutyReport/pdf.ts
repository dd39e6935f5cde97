// PDF export of a duty report: the Word document converted by LibreOffice, when it is installed.
// LibreOffice is optional; without it the UI says so and the route answers REPORTS_PDF_UNAVAILABLE.
import { execFile, execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { AppError } from '../../../platform/errors';

/** Longest a conversion may take before it is abandoned. */
const CONVERSION_TIMEOUT_MS = 120_000;

/**
 * The document format names its fonts (方正小标宋简体, 仿宋_GB2312 …), which a Linux server rarely has.
 * Without help LibreOffice falls back to a sans face; these aliases pick the closest installed faces
 * (Noto Serif CJK for the Song/FangSong/Kai styles, Noto Sans CJK for 黑体) and still prefer the real
 * fonts when they are installed.
 */
const FONT_ALIASES = `<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig>
  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>
${[
  ['方正小标宋简体', 'Noto Serif CJK SC'],
  ['仿宋_GB2312', 'Noto Serif CJK SC'],
  ['仿宋', 'Noto Serif CJK SC'],
  ['楷体_GB2312', 'Noto Serif CJK SC'],
  ['楷体', 'Noto Serif CJK SC'],
  ['黑体', 'Noto Sans CJK SC'],
]
  .map(
    ([name, fallback]) =>
      `  <alias><family>${name}</family><accept><family>${fallback}</family></accept></alias>`,
  )
  .join('\n')}
</fontconfig>
`;

let soffice: string | null | undefined;

/** The LibreOffice executable on the server's path, looked up once; null when not installed. */
export function libreOfficePath(): string | null {
  if (soffice === undefined) {
    try {
      soffice = execFileSync('which', ['soffice'], { encoding: 'utf8' }).trim() || null;
    } catch {
      soffice = null;
    }
  }
  return soffice;
}

/** LibreOffice on the server's path (checked once): the PDF export needs it. */
export function libreOfficeAvailable(): boolean {
  return libreOfficePath() !== null;
}

// One conversion at a time: LibreOffice is heavy, and a queue keeps a burst of exports from
// starting a dozen office processes on a two-core server.
let queue: Promise<unknown> = Promise.resolve();

/** Converts a .docx to PDF with LibreOffice in a private profile and working directory. */
export function convertDocxToPdf(docx: Buffer): Promise<Buffer> {
  const executable = libreOfficePath();
  if (!executable) return Promise.reject(new AppError('REPORTS_PDF_UNAVAILABLE'));
  const run = queue.then(() => convert(executable, docx));
  queue = run.catch(() => undefined);
  return run;
}

async function convert(executable: string, docx: Buffer): Promise<Buffer> {
  const dir = await mkdtemp(path.join(tmpdir(), 'jiceng-pdf-'));
  try {
    const input = path.join(dir, 'report.docx');
    await writeFile(input, docx);
    const profile = pathToFileURL(path.join(dir, 'profile')).href;
    const fontConfig = path.join(dir, 'fonts.conf');
    await writeFile(fontConfig, FONT_ALIASES);
    await new Promise<void>((resolve, reject) => {
      execFile(
        executable,
        [
          `-env:UserInstallation=${profile}`,
          '--headless',
          '--norestore',
          '--convert-to',
          'pdf:writer_pdf_Export',
          '--outdir',
          dir,
          input,
        ],
        { timeout: CONVERSION_TIMEOUT_MS, env: { ...process.env, HOME: dir, FONTCONFIG_FILE: fontConfig } },
        (error) => (error ? reject(error) : resolve()),
      );
    });
    return await readFile(path.join(dir, 'report.pdf'));
  } catch (error) {
    if (error instanceof AppError) throw error;
    console.error('duty report PDF conversion failed', error);
    throw new AppError('REPORTS_PDF_FAILED');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
