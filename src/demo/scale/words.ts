// Texts of the scale data: what residents and grid workers report, how units answer, 三问 items.
import { demoRectificationTopics } from '../../modules/meetings';
import { demoVoiceTitles } from '../../modules/voice';

/** Grid event titles per category (the default category tree's keys). */
export const eventTitles: Record<string, readonly string[]> = {
  'dispute.neighbour': ['邻里因排水发生争执', '邻居违规搭建影响通行', '宠物扰民引发矛盾'],
  'dispute.family': ['家庭成员因赡养老人发生矛盾', '夫妻矛盾需要调解'],
  'dispute.land': ['宅基地边界有争议', '耕地承包地界不清'],
  'dispute.wage': ['拖欠务工人员工资', '工程款结算纠纷'],
  'safety.fire': ['楼道堆放杂物堵塞消防通道', '电动车楼内充电', '草垛靠近民房存在火灾隐患'],
  'safety.gas': ['燃气管道老化漏气', '液化气罐存放不规范'],
  'safety.building': ['危房需要排查', '围墙开裂有倒塌风险', '房屋墙体出现裂缝'],
  'safety.traffic': ['路口缺少减速标志', '校门口车辆乱停'],
  'environment.garbage': ['垃圾点满溢未清运', '路边堆放建筑垃圾', '垃圾桶破损'],
  'environment.sewage': ['生活污水外排', '排水沟堵塞'],
  'environment.livestock': ['畜禽粪污乱堆', '养殖场异味扰民'],
  'infrastructure.road': ['道路塌陷', '村道坑洼不平', '桥梁护栏损坏'],
  'infrastructure.water': ['自来水停水', '饮水管道冻裂', '水井设施损坏'],
  'infrastructure.power': ['路灯不亮', '电线杆倾斜', '供电线路老化'],
  'livelihood.assistance': ['困难家庭申请救助', '残疾人申请补贴咨询'],
  'livelihood.medical': ['行动不便老人需要上门体检', '村卫生室缺少常用药'],
  'livelihood.elderly': ['独居老人需要照护', '高龄老人申请助餐'],
  'livelihood.education': ['适龄儿童入学咨询', '留守儿童需要课后看护'],
  'order.suspicious': ['发现可疑人员', '夜间有人在仓库附近徘徊'],
  'order.fraud': ['老人接到诈骗电话', '有人上门推销保健品'],
  'pasture.dispute': ['草场边界纠纷', '牧道被围栏阻断'],
  'pasture.grazingBan': ['禁牧期有人放牧', '休牧期牲畜进入禁牧区'],
  'pasture.damage': ['草原被车辆碾压', '草场出现非法开垦'],
  'pasture.wildlife': ['发现受伤野生动物', '狼群靠近牧点'],
  'other.advice': ['建议增设便民服务点', '建议增加村内公交班次'],
  'other.misc': ['群众反映其他问题', '咨询政策办理流程'],
};

/** Category top levels by how often they are reported; pastures matter in 嘎查 only. */
export const categoryWeights: Record<string, number> = {
  dispute: 14,
  safety: 16,
  environment: 20,
  infrastructure: 16,
  livelihood: 14,
  order: 6,
  pasture: 10,
  other: 4,
};

/** Which banner department a category usually goes to: words its name contains. */
export const departmentFor: Record<string, readonly string[]> = {
  'dispute.family': ['妇女联合会', '司法局'],
  'dispute.land': ['自然资源局'],
  'dispute.wage': ['人力资源和社会保障局'],
  'safety.fire': ['应急管理局'],
  'safety.gas': ['住房和城乡建设局'],
  'safety.building': ['住房和城乡建设局'],
  'safety.traffic': ['交通运输局', '公安局'],
  'environment.garbage': ['住房和城乡建设局'],
  'environment.sewage': ['水利局', '住房和城乡建设局'],
  'environment.livestock': ['农牧和科技局'],
  'infrastructure.road': ['交通运输局'],
  'infrastructure.water': ['水利局'],
  'infrastructure.power': ['能源局'],
  'livelihood.assistance': ['民政局'],
  'livelihood.medical': ['卫生健康委员会'],
  'livelihood.elderly': ['民政局'],
  'livelihood.education': ['教育局'],
  'order.suspicious': ['公安局'],
  'order.fraud': ['公安局'],
  'pasture.dispute': ['林业和草原局', '自然资源局'],
  'pasture.grazingBan': ['林业和草原局'],
  'pasture.damage': ['林业和草原局'],
  'pasture.wildlife': ['林业和草原局'],
};

export const eventReplies = [
  '已到现场核实并处理完毕，处理前后照片见附件',
  '已协调相关单位处理，群众表示认可',
  '经现场查看已整改到位，照片见附件',
  '已安排人员维修，现已恢复正常',
  '已约谈当事人，双方达成一致意见',
] as const;

/** The demo's 三问 titles and a few more, for five years of items. */
export const voiceTitles: Record<'idea' | 'need' | 'question', readonly string[]> = {
  idea: [...demoVoiceTitles.idea, '建议在牧区推广光伏提水', '建议组织返乡青年创业交流会'],
  need: [...demoVoiceTitles.need, '希望小区增设电动车充电桩'],
  question: [...demoVoiceTitles.question, '退役军人优待证如何办理'],
};

export const householdRelations = ['配偶', '子女', '子女', '父母', '孙子女', '儿媳', '女婿'] as const;

export const absenceReasons = [
  '外出务工',
  '生病住院',
  '放牧转场',
  '年老体弱',
  '因公外出',
  '外出学习',
] as const;

/** One line each, as the 组织生活会's rectification items read. */
export const rectificationTopics = demoRectificationTopics.map(
  ([problem, measure]) => `${problem}：${measure}`,
);
