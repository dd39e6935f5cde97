/** UI text of the members module (zh-CN); the English file mirrors its keys. */
export const membersZh = {};

/** UI text of the members module (English). */
export const membersEn: typeof membersZh = {};
