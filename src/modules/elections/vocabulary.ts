// The fixed words of 两委换届 shared by server, import and web: committees, posts, methods, education.

/** 党组织委员会, 村（居）民委员会, 集体经济组织. */
export const committees = ['party', 'villagers', 'collective'] as const;
export type Committee = (typeof committees)[number];

export const posts = [
  'secretary',
  'deputySecretary',
  'director',
  'deputyDirector',
  'member',
  'head',
] as const;
export type Post = (typeof posts)[number];

/** Which posts each committee has, in display order. */
export const postsOf: Record<Committee, readonly Post[]> = {
  party: ['secretary', 'deputySecretary', 'member'],
  villagers: ['director', 'deputyDirector', 'member'],
  collective: ['head'],
};

/** Posts only one person may hold in one election. */
export const singlePosts: readonly Post[] = ['secretary', 'director', 'head'];

export const committeeNames: Record<Committee, string> = {
  party: '党组织委员会',
  villagers: '村（居）民委员会',
  collective: '集体经济组织',
};

/** The Chinese name of a post inside its committee (委员 exists in both committees). */
export function postName(committee: Committee, post: Post): string {
  if (committee === 'party')
    return { secretary: '书记', deputySecretary: '副书记' }[post as string] ?? '委员';
  if (committee === 'villagers')
    return { director: '主任', deputyDirector: '副主任' }[post as string] ?? '委员';
  return '负责人';
}

/** Common election methods; the field also takes free text. */
export const electionMethods = [
  '直接选举',
  '两推一选',
  '公推直选',
  '党员大会选举',
  '户代表选举',
  '村民代表选举',
];

/** Education levels, highest first; 大学专科 and above count as college education. */
export const educationLevels = ['研究生', '大学本科', '大学专科', '中专', '高中', '初中及以下'] as const;
export const collegeLevels: readonly string[] = ['研究生', '大学本科', '大学专科'];

/** The unit types that hold 两委 elections. */
export const electionUnitTypes = ['gacha', 'community'] as const;
export type ElectionUnitType = (typeof electionUnitTypes)[number];
export const electionUnitTypeNames: Record<ElectionUnitType, string> = {
  gacha: '嘎查（村）',
  community: '社区',
};
