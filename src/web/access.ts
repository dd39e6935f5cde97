// The ONE place that turns the server's permissions into UI flags (ant-design-pro style).
// Routes and buttons ask for a flag; only this file knows which permission backs it.

/** UI access flags derived from the permissions of the active scope. */
export interface Access {
  canReadOrgs: boolean;
  canWriteOrgs: boolean;
  canReadPeople: boolean;
  canWritePeople: boolean;
  canReadIdNumber: boolean;
  canReadAudit: boolean;
  canVerifyAudit: boolean;
  canReadUsers: boolean;
  canWriteUsers: boolean;
  canAssignRoles: boolean;
  canUnlockUsers: boolean;
  canManageUsers: boolean;
  canReadIndicators: boolean;
  canReadMembers: boolean;
  canWriteMembers: boolean;
  canDecideMembers: boolean;
  canTransferMembers: boolean;
  canReadElections: boolean;
  canWriteElections: boolean;
  canConfigureElections: boolean;
  canReadMeetings: boolean;
  canWriteMeetings: boolean;
  canReviewMeetings: boolean;
  canConfigureMeetings: boolean;
  canReadCenters: boolean;
  canWriteCenters: boolean;
  canConfigureCenters: boolean;
  canReadGrid: boolean;
  canWriteGrid: boolean;
  canConfigureGrid: boolean;
  canConfigureCases: boolean;
  canReadVoice: boolean;
  canPublishVoice: boolean;
  canReadReports: boolean;
  canSnapshotReports: boolean;
}

export type AccessFlag = keyof Access;

/** Computes the access flags from a permission list (e.g. `orgs.write`). */
export function computeAccess(permissions: readonly string[]): Access {
  const has = (permission: string) => permissions.includes(permission);
  return {
    canReadOrgs: has('orgs.read'),
    canWriteOrgs: has('orgs.write'),
    canReadPeople: has('people.read'),
    canWritePeople: has('people.write'),
    canReadIdNumber: has('people.readIdNumber'),
    canReadAudit: has('audit.read'),
    canVerifyAudit: has('audit.verify'),
    canReadUsers: has('users.read'),
    canWriteUsers: has('users.write'),
    canAssignRoles: has('roles.assign'),
    canUnlockUsers: has('users.unlock'),
    // Security admins reach the user list to unlock accounts and assign roles without owning users.write.
    canManageUsers: has('users.read') || has('users.write') || has('roles.assign') || has('users.unlock'),
    canReadIndicators: has('indicators.read'),
    canReadMembers: has('members.read'),
    canWriteMembers: has('members.write'),
    canDecideMembers: has('members.decide'),
    canTransferMembers: has('members.transfer'),
    canReadElections: has('elections.read'),
    canWriteElections: has('elections.write'),
    canConfigureElections: has('elections.configure'),
    canReadMeetings: has('meetings.read'),
    canWriteMeetings: has('meetings.write'),
    canReviewMeetings: has('meetings.review'),
    canConfigureMeetings: has('meetings.configure'),
    canReadCenters: has('centers.read'),
    canWriteCenters: has('centers.write'),
    canConfigureCenters: has('centers.configure'),
    canReadGrid: has('grid.read'),
    canWriteGrid: has('grid.write'),
    canConfigureGrid: has('grid.configure'),
    canConfigureCases: has('cases.configure'),
    canReadVoice: has('voice.read'),
    canPublishVoice: has('voice.publish'),
    canReadReports: has('reports.read'),
    canSnapshotReports: has('reports.snapshot'),
  };
}
