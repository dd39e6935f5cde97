import type { casesZh } from './i18n';

/** English UI text of the cases module; same keys as casesZh (checked by the type). */
export const casesEn: typeof casesZh = {
  holidays: {
    title: 'Holidays',
    intro:
      'Working-day deadlines skip weekends and the holidays below, and count make-up working days on weekends. Set them each year when the schedule is published.',
    year: 'Year',
    date: 'Date',
    kind: 'Kind',
    name: 'Name',
    holiday: 'Holiday',
    workday: 'Make-up working day',
    add: 'Add date',
    remove: 'Remove',
    removeConfirm: 'The day will follow Monday–Friday again. Remove?',
    empty: 'No holidays set for this year',
    saved: 'Saved',
    weekday: 'Weekday',
  },
};
