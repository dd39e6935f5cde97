// The reusable Excel import/export framework: modules define an import, mount its template and upload
// routes, and the platform runs validation, preview and the all-or-nothing commit.
export {
  type ImportJob,
  type ImportPreview,
  type ImportStatus,
  importJobView,
  importPreviewResponse,
  importStatuses,
  importStatusNames,
} from './contract';
export {
  defineImport,
  getImport,
  type ImportColumn,
  type ImportContext,
  type ImportDefinition,
  type ImportError,
  ImportRowsChanged,
  type ParsedRow,
  type ReportProgress,
  registerImport,
} from './definition';
export {
  contentDisposition,
  type ExportColumn,
  type SendXlsxOptions,
  sendXlsx,
  sendXlsxBuffer,
} from './export';
export {
  commitImport,
  drainImports,
  expireStaleImports,
  failInterruptedImports,
  getImportJob,
  getImportPreview,
  MAX_STORED_ERRORS,
  startImport,
  waitForImport,
} from './jobs';
export { checkCells, readRows } from './reader';
export { importRoutes, MAX_UPLOAD_MB, templateRoute, uploadRoute } from './routes';
export { buildTemplate } from './template';
