import type { gridEventsZh } from './i18n';

/** English UI text of the gridEvents module; same keys as gridEventsZh (checked by the type). */
export const gridEventsEn: typeof gridEventsZh = {
  title: 'Grid event settings',
  supervision: { title: 'Supervision and escalation' },
  filter: { allCategories: 'All categories' },
  dispatch: { hint: 'Events of this category are usually handled by: {{type}}' },
  photos: 'Photos',
  ratingReasons: 'Rating reasons',
  tabs: { categories: 'Categories', rules: 'Rules', open311: 'Open311' },
  categories: {
    name: 'Name',
    key: 'Key',
    handlingUnitType: 'Usual handling unit type',
    active: 'Active',
    add: 'Add category',
    addChild: 'Add subcategory',
    rename: 'Edit',
    empty: 'No categories',
    none: 'Any',
    saved: 'Category saved',
    keyHelp: 'Starts with a lowercase letter; subcategories start with "parent.", e.g. safety.mine',
    parent: 'Parent',
  },
  rules: {
    reportWithinHours: 'Report within (hours)',
    reportWithinHoursHelp: 'A report within this time of the event counts as timely',
    closeUnratedAfterDays: 'Rating period (days)',
    closeUnratedAfterDaysHelp: 'After this many days without a rating staff may close a replied event',
    save: 'Save',
    saved: 'Rules saved',
  },
  open311: {
    intro:
      'Open311 GeoReport v2 is served at /open311/v2. Posting requests needs an API key, shown only once when issued.',
    name: 'Client',
    createdAt: 'Issued',
    state: 'State',
    active: 'Active',
    revoked: 'Revoked',
    issue: 'Issue API key',
    revoke: 'Revoke',
    revokeConfirm: 'The client can no longer post requests. Revoke?',
    issued: 'Copy the API key now: it will not be shown again',
    empty: 'No API keys issued',
  },
};
