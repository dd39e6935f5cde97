// The public face of the voice (三问) module: other modules import from here only.
export { voiceErrors } from './errors';
export { voiceRoutes } from './routes';
export { registerVoiceIndicators } from './indicators';
export { demoVoiceTitles, loadVoiceDemo } from './demo';
export { createVoiceItem, listPublications, voiceActionName, type NewVoiceItem } from './service';
export {
  voiceItemType,
  voiceKinds,
  voiceKindName,
  voiceRatingReasons,
  VOICE_ITEM_TYPE,
  type VoiceKind,
} from './type';
export { listPublicationsQuery, publicationsPage, voiceKind } from './contract';
