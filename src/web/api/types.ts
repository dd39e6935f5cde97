// Shapes of the HTTP API (see API.md); to be replaced by the modules' shared zod contracts.

/** A page of a list endpoint. */
export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export interface ApiErrorDetail {
  path?: string;
  row?: number;
  message: string;
}

export interface ApiErrorBody {
  error: { code: string; message: string; details?: ApiErrorDetail[] };
}

export interface User {
  id: string;
  username: string;
  displayName: string;
  mustChangePassword: boolean;
}

export interface Assignment {
  id: string;
  roleKey: string;
  roleName: string;
  unitId: string;
  unitName: string;
}

export interface LoginResponse {
  user: User;
  csrfToken: string;
}

export interface Me {
  user: User;
  csrfToken: string;
  permissions: string[];
  assignments: Assignment[];
  activeAssignmentId: string | null;
}

export type UnitTypeCategory = 'area' | 'agency' | 'newOrganization' | 'party';

export interface UnitType {
  key: string;
  name: string;
  category: UnitTypeCategory;
}

export interface Unit {
  id: string;
  parentId: string | null;
  name: string;
  shortName: string | null;
  type: string;
  typeName: string;
  code: string | null;
  path: string;
  depth: number;
  active: boolean;
  hasChildren: boolean;
  childCount: number;
  pinyin: string;
}

export interface UnitSearchHit extends Unit {
  pathNames: string;
}

export interface UnitDetail extends Unit {
  ancestors: { id: string; name: string }[];
  pathNames: string;
  descendantCount: number;
  createdAt: string;
  updatedAt: string;
  deactivatedAt: string | null;
  deactivationReason: string | null;
}

export type ImportJobStatus = 'validating' | 'invalid' | 'ready' | 'committing' | 'done' | 'failed';

export interface ImportRowError {
  row: number;
  field: string;
  message: string;
}

export interface ImportJob {
  id: string;
  kind: string;
  status: ImportJobStatus;
  fileName: string;
  totalRows: number;
  validRows: number;
  processedRows: number;
  errors: ImportRowError[];
  message: string | null;
}

export interface ImportPreviewRow {
  row: number;
  values: Record<string, string>;
}

export interface Person {
  id: string;
  name: string;
  gender: 'male' | 'female';
  birthDate: string;
  ethnicity: string | null;
  idNumberMasked: string;
  phoneMasked: string | null;
  unitId: string;
  unitName: string;
}

export interface AuditEntry {
  id: number;
  at: string;
  actorId: string | null;
  actorName: string | null;
  ip: string | null;
  entity: string;
  entityId: string | null;
  action: string;
  before: unknown;
  after: unknown;
}

export interface AuditVerifyResult {
  ok: boolean;
  checked: number;
  brokenAt: number | null;
  pending: number;
}

export interface UserListItem {
  id: string;
  username: string;
  displayName: string;
  active: boolean;
  lockedUntil: string | null;
  lastLoginAt: string | null;
  assignments: Assignment[];
}

export interface Role {
  id: string;
  key: string;
  name: string;
  permissions: string[];
}

export interface Indicator {
  key: string;
  name: string;
  unit: string;
  module: string;
}

export interface IndicatorValue {
  key: string;
  name: string;
  unit: string;
  value: number;
  evidence: { entity: string; ids: string[]; count: number };
}
