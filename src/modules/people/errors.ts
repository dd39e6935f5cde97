/** Error codes of the people module. */
export const peopleErrors = {
  PEOPLE_ID_NUMBER_INVALID: { status: 400, zh: '{reason}', en: 'ID number: {reason}' },
  PEOPLE_DUPLICATE: {
    status: 409,
    zh: '该身份证号已登记（{name}），同一人只登记一次，请直接引用已有人员',
    en: 'This ID number is already registered',
  },
  PEOPLE_UNIT_NOT_FOUND: { status: 404, zh: '所属单位不存在或不在您的管理范围内', en: 'Unit not found' },
} as const;
