/** UI text of the case engine's screens (zh-CN); the English object mirrors its keys. */
export const casesZh = {
  holidays: {
    title: '节假日与调休',
    intro:
      '办理时限按工作日计算时，跳过周末和下列放假日，并把调休上班的周末算作工作日。每年国务院公布放假安排后在此设置。',
    year: '年份',
    date: '日期',
    kind: '类型',
    name: '名称',
    holiday: '放假',
    workday: '调休上班',
    add: '添加日期',
    remove: '删除',
    removeConfirm: '删除后该日按周一至周五规则计算，确定删除吗？',
    empty: '该年份尚未设置节假日',
    saved: '已保存',
    weekday: '星期',
  },
};
