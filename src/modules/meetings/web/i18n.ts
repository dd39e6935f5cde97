/** UI text of the meetings module (zh-CN); the English file mirrors its keys. */
export const meetingsZh = {};

/** UI text of the meetings module (English). */
export const meetingsEn: typeof meetingsZh = {};
