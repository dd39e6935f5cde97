/** UI text of the elections module (zh-CN); the English file mirrors its keys. */
export const electionsZh = {};

/** UI text of the elections module (English). */
export const electionsEn: typeof electionsZh = {};
