// The JSON the voice routes answer, typed from the server's zod schemas.
export type {
  PublicationJson as Publication,
  VoiceItemDetailJson as VoiceItemDetail,
  VoiceItemJson as VoiceItem,
} from '../contract';
