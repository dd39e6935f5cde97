// Attachments: other code imports from here only.
export { storedFiles } from './schema';
export { type FileRef, MAX_FILE_MB, describeFiles, requireFiles, storeFile } from './service';
export { fileRoutes, fileView } from './routes';
