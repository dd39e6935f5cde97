import { describe, expect, it } from 'vitest';
import { computeAccess } from './access';

describe('computeAccess', () => {
  it('gives the audit administrator the audit log and nothing to change', () => {
    const access = computeAccess(['audit.read', 'audit.verify', 'orgs.read']);
    expect(access.canReadAudit).toBe(true);
    expect(access.canVerifyAudit).toBe(true);
    expect(access.canWriteOrgs).toBe(false);
    expect(access.canManageUsers).toBe(false);
  });

  it('lets the security administrator reach the user list without users.write', () => {
    const access = computeAccess(['users.read', 'roles.assign', 'users.unlock', 'orgs.read']);
    expect(access.canManageUsers).toBe(true);
    expect(access.canAssignRoles).toBe(true);
    expect(access.canWriteUsers).toBe(false);
    expect(access.canReadAudit).toBe(false);
  });

  it('shows the full ID number button only with people.readIdNumber', () => {
    expect(computeAccess(['people.read']).canReadIdNumber).toBe(false);
    expect(computeAccess(['people.read', 'people.readIdNumber']).canReadIdNumber).toBe(true);
  });
});
