/** Error codes of user and role administration. */
export const usersErrors = {
  USERS_DUPLICATE_USERNAME: { status: 409, zh: '用户名“{username}”已被使用，请换一个', en: 'Username taken' },
  USERS_ROLE_NOT_FOUND: { status: 404, zh: '角色不存在', en: 'Role not found' },
  USERS_SELF_ASSIGNMENT: {
    status: 403,
    zh: '不能给自己授予或撤销角色（三员分立），请由另一位安全管理员操作',
    en: 'You cannot change your own role assignments',
  },
  USERS_ADMIN_ROLE_CONFLICT: {
    status: 400,
    zh: '系统管理员、安全管理员、审计管理员三种角色不能由同一人兼任（三员分立）',
    en: 'The three administrator roles must be held by different people',
  },
} as const;
