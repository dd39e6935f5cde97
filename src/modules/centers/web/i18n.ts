/** UI text of the centers module (zh-CN); the English file mirrors its keys. */
export const centersZh = {};

/** UI text of the centers module (English). */
export const centersEn: typeof centersZh = {};
