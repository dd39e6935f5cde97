// What other modules' web pages may use from the orgs web module.
export { UnitSelect, type UnitSelectProps } from './UnitSelect';
export { typeColor, typeOptions, useUnitTypes } from './useUnitTypes';
