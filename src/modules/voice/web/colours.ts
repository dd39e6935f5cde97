/** Tag colours of 三问 states and kinds, shared by the list and detail pages. */
export const stateColour: Record<string, string> = {
  submitted: 'blue',
  handling: 'processing',
  replied: 'cyan',
  closed: 'green',
  rejected: 'default',
};
export const kindColour: Record<string, string> = { idea: 'purple', need: 'orange', question: 'geekblue' };
