/** Every permission of the platform with its Chinese name; routes declare one of these. */
export const permissionNames = {
  'orgs.read': '查看组织架构',
  'orgs.write': '维护组织架构',
  'people.read': '查看人员信息',
  'people.write': '维护人员信息',
  'people.readIdNumber': '查看完整身份证号',
  'users.read': '查看用户',
  'users.write': '管理用户账号',
  'users.unlock': '解锁账号',
  'roles.assign': '分配角色权限',
  'audit.read': '查阅审计日志',
  'audit.verify': '校验审计日志完整性',
  'indicators.read': '查看指标',
  'members.read': '查看党员信息',
  'members.write': '维护党员信息',
  'members.decide': '党员转正、处置等组织决定',
  'members.transfer': '办理组织关系转接',
  'elections.read': '查看换届选举',
  'elections.write': '维护换届选举',
  'elections.configure': '设置换届目标',
  'meetings.read': '查看组织生活',
  'meetings.write': '记录组织生活',
  'meetings.review': '审核下级组织生活',
  'meetings.configure': '设置组织生活规则',
  'centers.read': '查看党群服务中心',
  'centers.write': '维护党群服务中心',
  'centers.configure': '设置服务中心标准',
  'reports.read': '查看指标与报表',
  'reports.snapshot': '冻结指标快照',
} as const;

export type Permission = keyof typeof permissionNames;

export interface BuiltinRole {
  key: string;
  name: string;
  description: string;
  permissions: Permission[];
}

/**
 * The seeded roles. The three administrators are separated (三员分立): the system administrator runs
 * accounts and the tree, the security administrator grants roles, the audit administrator reads the
 * audit log; nobody can change or erase the audit log.
 */
export const builtinRoles: BuiltinRole[] = [
  {
    key: 'systemAdmin',
    name: '系统管理员',
    description: '管理用户账号和系统配置；不能分配权限，不能查阅审计日志',
    permissions: ['users.read', 'users.write', 'orgs.read', 'indicators.read'],
  },
  {
    key: 'securityAdmin',
    name: '安全管理员',
    description: '分配角色权限、解锁账号；不能管理业务数据，不能查阅审计日志',
    permissions: ['users.read', 'roles.assign', 'users.unlock', 'orgs.read'],
  },
  {
    key: 'auditAdmin',
    name: '审计管理员',
    description: '查阅和校验审计日志；不能修改任何数据',
    permissions: ['audit.read', 'audit.verify', 'orgs.read'],
  },
  {
    key: 'orgStaff',
    name: '组织部干部',
    description: '维护组织架构、党员和人员信息',
    permissions: [
      'orgs.read',
      'orgs.write',
      'people.read',
      'people.write',
      'people.readIdNumber',
      'indicators.read',
      'members.read',
      'members.write',
      'members.decide',
      'members.transfer',
      'elections.read',
      'elections.write',
      'elections.configure',
      'meetings.read',
      'meetings.write',
      'meetings.review',
      'meetings.configure',
      'centers.read',
      'centers.write',
      'centers.configure',
      'reports.read',
      'reports.snapshot',
    ],
  },
  {
    key: 'unitClerk',
    name: '单位党务干事',
    description: '维护本单位及下级的人员和业务记录',
    permissions: [
      'orgs.read',
      'people.read',
      'people.write',
      'indicators.read',
      'members.read',
      'members.write',
      'members.transfer',
      'elections.read',
      'elections.write',
      'meetings.read',
      'meetings.write',
      'meetings.review',
      'centers.read',
      'centers.write',
      'reports.read',
    ],
  },
  {
    key: 'leader',
    name: '领导',
    description: '查看分管范围的数据和指标',
    permissions: [
      'orgs.read',
      'people.read',
      'indicators.read',
      'members.read',
      'elections.read',
      'meetings.read',
      'centers.read',
      'reports.read',
      'reports.snapshot',
    ],
  },
  {
    key: 'gridWorker',
    name: '网格员',
    description: '负责网格内的巡查和事件',
    permissions: ['orgs.read', 'people.read'],
  },
  {
    key: 'departmentHandler',
    name: '部门经办人',
    description: '办理分派的事件和任务',
    permissions: ['orgs.read'],
  },
  {
    key: 'petitionStaff',
    name: '信访干部',
    description: '登记和办理信访事项，可查看信访人身份',
    permissions: ['orgs.read', 'people.read', 'people.readIdNumber', 'indicators.read', 'reports.read'],
  },
];

/** Roles that one person may not combine (三员分立). */
export const separatedAdminRoles = ['systemAdmin', 'securityAdmin', 'auditAdmin'];
