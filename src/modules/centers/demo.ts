import type { DemoContext, DemoUnitRef } from '../../demo/context';
import * as words from '../../demo/names';
import { createRandom, type Random } from '../../demo/random';
import type { Tx } from '../../platform/db';
import { pinyinKey } from '../../platform/pinyin';
import {
  centerAssessmentResults,
  centerAssessments,
  centerServiceItems,
  centerStandardItems,
  centerStandards,
  type CenterRoom,
  type CenterStaff,
  serviceCenters,
} from './schema';

const BATCH = 1000;

type Channel = 'onSite' | 'proxy' | 'online';
interface CatalogueEntry {
  name: string;
  department: string;
  eligibility: string;
  materials: string[];
  days: number | null;
  kind?: 'working' | 'calendar';
  channels: Channel[];
  fee?: string;
  /** Offered only by 苏木镇 centres (town-level services), or only by village/community ones. */
  level?: 'township' | 'village';
}

/** A realistic catalogue of convenience services offered in Inner Mongolian 苏木镇/嘎查/社区 centres. */
const catalogue: CatalogueEntry[] = [
  {
    name: '城乡居民养老保险参保登记',
    department: '旗社会保险事业管理局',
    eligibility: '年满16周岁、未参加职工养老保险的城乡居民',
    materials: ['居民身份证', '户口簿'],
    days: 0,
    channels: ['onSite', 'proxy', 'online'],
  },
  {
    name: '城乡居民养老保险待遇领取资格认证',
    department: '旗社会保险事业管理局',
    eligibility: '领取城乡居民养老金的人员',
    materials: ['居民身份证'],
    days: 0,
    channels: ['onSite', 'online'],
  },
  {
    name: '城乡居民医疗保险缴费',
    department: '旗医疗保障局',
    eligibility: '未参加职工医保的城乡居民',
    materials: ['居民身份证或户口簿'],
    days: 0,
    channels: ['onSite', 'proxy', 'online'],
  },
  {
    name: '医疗费用报销材料代收',
    department: '旗医疗保障局',
    eligibility: '参保居民',
    materials: ['居民身份证', '医疗保障卡', '住院病历和费用清单', '银行卡'],
    days: 20,
    channels: ['proxy'],
  },
  {
    name: '残疾人证申领',
    department: '旗残疾人联合会',
    eligibility: '本旗户籍的残疾人',
    materials: ['居民身份证', '户口簿', '近期一寸免冠照片2张', '残疾评定相关病历'],
    days: 20,
    channels: ['onSite', 'proxy'],
  },
  {
    name: '困难残疾人生活补贴和重度残疾人护理补贴申请',
    department: '旗民政局',
    eligibility: '持第二代残疾人证的困难、重度残疾人',
    materials: ['居民身份证', '残疾人证', '户口簿', '银行卡'],
    days: 15,
    channels: ['onSite', 'proxy'],
  },
  {
    name: '最低生活保障申请',
    department: '旗民政局',
    eligibility: '家庭人均收入低于当地低保标准的居民',
    materials: ['居民身份证', '户口簿', '家庭收入和财产状况说明', '授权核对家庭经济状况声明'],
    days: 30,
    channels: ['onSite', 'proxy'],
    level: 'village',
  },
  {
    name: '特困人员救助供养申请',
    department: '旗民政局',
    eligibility: '无劳动能力、无生活来源、无法定赡养抚养扶养义务人的老年人、残疾人和未成年人',
    materials: ['居民身份证', '户口簿', '本人书面申请'],
    days: 30,
    channels: ['onSite', 'proxy'],
  },
  {
    name: '临时救助申请',
    department: '旗民政局',
    eligibility: '因突发事件、意外伤害、重大疾病等导致基本生活暂时困难的家庭或个人',
    materials: ['居民身份证', '户口簿', '困难情况证明材料'],
    days: 10,
    channels: ['onSite', 'proxy'],
  },
  {
    name: '高龄津贴申领',
    department: '旗民政局',
    eligibility: '年满80周岁的本旗户籍老年人',
    materials: ['居民身份证', '户口簿', '银行卡'],
    days: 15,
    channels: ['onSite', 'proxy'],
  },
  {
    name: '草原生态保护补助奖励资金发放查询',
    department: '旗林业和草原局',
    eligibility: '承包草原的农牧民',
    materials: ['居民身份证', '草原承包经营权证'],
    days: 0,
    channels: ['onSite', 'online'],
  },
  {
    name: '耕地地力保护补贴查询',
    department: '旗农牧局',
    eligibility: '承包耕地的农牧民',
    materials: ['居民身份证', '“一卡通”存折或银行卡'],
    days: 0,
    channels: ['onSite', 'online'],
    level: 'village',
  },
  {
    name: '户籍证明代办',
    department: '旗公安局派出所',
    eligibility: '本辖区户籍居民',
    materials: ['居民身份证', '户口簿', '需证明事项的说明'],
    days: 3,
    channels: ['proxy'],
  },
  {
    name: '居民身份证换领代办',
    department: '旗公安局派出所',
    eligibility: '身份证有效期满或损坏需换领的居民',
    materials: ['原居民身份证', '户口簿'],
    days: 30,
    kind: 'calendar',
    channels: ['proxy'],
  },
  {
    name: '计划生育服务证明',
    department: '旗卫生健康委员会',
    eligibility: '育龄夫妻',
    materials: ['夫妻双方居民身份证', '结婚证', '户口簿'],
    days: 5,
    channels: ['onSite', 'proxy'],
  },
  {
    name: '生育登记',
    department: '旗卫生健康委员会',
    eligibility: '育龄夫妻',
    materials: ['夫妻双方居民身份证', '结婚证'],
    days: 0,
    channels: ['onSite', 'online'],
  },
  {
    name: '计划生育家庭特别扶助金申请',
    department: '旗卫生健康委员会',
    eligibility: '独生子女伤残或死亡的计划生育家庭夫妻',
    materials: ['居民身份证', '户口簿', '独生子女父母光荣证', '相关证明'],
    days: 30,
    channels: ['onSite', 'proxy'],
  },
  {
    name: '就业失业登记',
    department: '旗人力资源和社会保障局',
    eligibility: '法定劳动年龄内有劳动能力和就业要求的城乡劳动者',
    materials: ['居民身份证', '近期一寸免冠照片1张'],
    days: 0,
    channels: ['onSite', 'online'],
  },
  {
    name: '农牧民工欠薪投诉受理',
    department: '旗劳动保障监察大队',
    eligibility: '被拖欠工资的劳动者',
    materials: ['居民身份证', '劳动关系证明材料', '欠薪情况说明'],
    days: 5,
    channels: ['onSite', 'proxy'],
  },
  {
    name: '退役军人优待证申领',
    department: '旗退役军人事务局',
    eligibility: '本旗户籍退役军人和其他优抚对象',
    materials: ['居民身份证', '退役证件', '近期一寸免冠照片1张'],
    days: 20,
    channels: ['onSite', 'proxy'],
  },
  {
    name: '优抚对象抚恤补助申请',
    department: '旗退役军人事务局',
    eligibility: '符合条件的重点优抚对象',
    materials: ['居民身份证', '户口簿', '相关证件'],
    days: 20,
    channels: ['proxy'],
  },
  {
    name: '老年人优待证办理',
    department: '旗民政局',
    eligibility: '年满60周岁的老年人',
    materials: ['居民身份证', '近期一寸免冠照片1张'],
    days: 5,
    channels: ['onSite', 'proxy'],
  },
  {
    name: '法律援助申请代办',
    department: '旗司法局',
    eligibility: '经济困难或符合法定条件的当事人',
    materials: ['居民身份证', '经济困难状况说明', '案件相关材料'],
    days: 7,
    channels: ['proxy'],
  },
  {
    name: '人民调解',
    department: '苏木镇司法所',
    eligibility: '发生民间纠纷的当事人',
    materials: ['居民身份证', '纠纷情况说明'],
    days: 30,
    kind: 'calendar',
    channels: ['onSite'],
  },
  {
    name: '党员组织关系转接',
    department: '苏木镇党委组织办',
    eligibility: '需转移组织关系的党员',
    materials: ['党员证明材料', '转出地党组织介绍信'],
    days: 5,
    channels: ['onSite', 'online'],
    level: 'township',
  },
  {
    name: '流动党员活动证办理',
    department: '苏木镇党委组织办',
    eligibility: '外出6个月以上的流动党员',
    materials: ['居民身份证', '近期一寸免冠照片1张'],
    days: 5,
    channels: ['onSite', 'proxy'],
    level: 'township',
  },
  {
    name: '农村牧区宅基地申请',
    department: '苏木镇自然资源所',
    eligibility: '本嘎查（村）集体经济组织成员',
    materials: ['居民身份证', '户口簿', '宅基地申请书'],
    days: 20,
    channels: ['onSite', 'proxy'],
    level: 'village',
  },
  {
    name: '土地（草场）承包经营纠纷调解',
    department: '苏木镇农牧业综合服务站',
    eligibility: '发生承包经营纠纷的农牧民',
    materials: ['居民身份证', '承包合同或证书', '纠纷情况说明'],
    days: 30,
    kind: 'calendar',
    channels: ['onSite'],
  },
  {
    name: '动物检疫申报',
    department: '苏木镇畜牧兽医站',
    eligibility: '出售或运输牲畜的养殖户',
    materials: ['居民身份证', '养殖档案', '免疫记录'],
    days: 1,
    channels: ['onSite', 'online'],
    level: 'township',
  },
  {
    name: '农机购置补贴申请',
    department: '旗农牧局',
    eligibility: '购置补贴范围内农机的农牧民和合作社',
    materials: ['居民身份证', '购机发票', '“一卡通”存折'],
    days: 15,
    channels: ['onSite', 'online'],
  },
  {
    name: '新型农村合作医疗转诊备案',
    department: '旗医疗保障局',
    eligibility: '需转外就医的参保居民',
    materials: ['居民身份证', '医疗保障卡', '医院转诊证明'],
    days: 0,
    channels: ['onSite', 'online'],
  },
  {
    name: '家庭医生签约服务',
    department: '苏木镇卫生院',
    eligibility: '辖区常住居民',
    materials: ['居民身份证'],
    days: 0,
    channels: ['onSite'],
  },
  {
    name: '适龄儿童预防接种预约',
    department: '苏木镇卫生院',
    eligibility: '0至6周岁儿童的监护人',
    materials: ['儿童预防接种证'],
    days: 0,
    channels: ['onSite', 'online'],
  },
  {
    name: '水电费代缴',
    department: '嘎查（社区）便民服务站',
    eligibility: '辖区居民',
    materials: ['户号或缴费单'],
    days: 0,
    channels: ['proxy'],
    level: 'village',
  },
  {
    name: '邮件快递代收代发',
    department: '嘎查（社区）便民服务站',
    eligibility: '辖区居民',
    materials: ['收件人有效证件'],
    days: 0,
    channels: ['proxy'],
    level: 'village',
  },
  {
    name: '居住证明开具',
    department: '嘎查（村）民委员会、社区居民委员会',
    eligibility: '在本辖区居住的居民',
    materials: ['居民身份证', '居住情况说明'],
    days: 1,
    channels: ['onSite'],
    level: 'village',
  },
  {
    name: '困难群众用电补贴申请',
    department: '旗民政局',
    eligibility: '低保对象和特困供养人员',
    materials: ['居民身份证', '低保证或特困供养证'],
    days: 15,
    channels: ['proxy'],
  },
  {
    name: '营业执照（个体工商户）登记代办',
    department: '旗市场监督管理局',
    eligibility: '申办个体工商户的居民',
    materials: ['居民身份证', '经营场所使用证明'],
    days: 3,
    channels: ['proxy', 'online'],
  },
];

const townshipRooms: CenterRoom[] = [
  { name: '便民服务大厅', functions: '政务服务、社保医保、民政事务集中办理' },
  { name: '党员活动室', functions: '组织生活、党员教育、主题党日' },
  { name: '党员电教室', functions: '远程教育、视频会议' },
  { name: '综治中心', functions: '矛盾纠纷调解、网格化管理' },
  { name: '新时代文明实践所', functions: '志愿服务、宣讲活动' },
  { name: '会议室', functions: '会议、培训' },
];
const villageRooms: CenterRoom[] = [
  { name: '便民服务站', functions: '代办代缴、政策咨询' },
  { name: '党员活动室', functions: '三会一课、主题党日' },
  { name: '村（居）务办公室', functions: '日常办公、村（居）务公开' },
  { name: '调解室', functions: '矛盾纠纷调解' },
  { name: '卫生室', functions: '基本医疗、健康管理' },
  { name: '农家书屋', functions: '图书阅览、科普' },
  { name: '文体活动广场', functions: '群众文体活动' },
];

const twoStationsStandard = {
  name: '两站五室一广场（本旗设置）',
  description:
    '本旗自行制定的嘎查（社区）党群服务中心建设标准（本地设置示例，可在“标准设置”中按本地文件修改）。',
  unitTypes: ['gacha', 'community'],
  items: [
    { title: '党员服务站', description: '设立党员服务站，公开服务承诺和联系方式', evidenceKind: 'photo' },
    {
      title: '便民服务站',
      description: '设立便民服务（代办）站，有专人值守和代办台账',
      evidenceKind: 'record',
    },
    { title: '党员活动室', description: '活动室面积达标，党旗、入党誓词、制度上墙', evidenceKind: 'photo' },
    {
      title: '村（居）务办公室',
      description: '办公场所独立，村（居）务公开栏及时更新',
      evidenceKind: 'onSite',
    },
    { title: '调解室', description: '有人民调解员，调解记录完整', evidenceKind: 'record' },
    { title: '卫生室', description: '有执业村医，药品和设备符合要求', evidenceKind: 'onSite' },
    { title: '文化活动室（农家书屋）', description: '藏书不少于1200册，定期开放', evidenceKind: 'photo' },
    { title: '文体活动广场', description: '有健身器材和宣传栏，群众经常使用', evidenceKind: 'photo' },
  ],
};
const fiveThreesStandard = {
  name: '“五个三”标准（本旗设置）',
  description: '本旗自行制定的苏木镇党群服务中心规范化建设标准（本地设置示例：具体内容请按本地文件修改）。',
  unitTypes: ['sumu', 'town'],
  items: [
    {
      title: '三块牌子统一',
      description: '党群服务中心、便民服务大厅、党员活动室标识统一规范',
      evidenceKind: 'photo',
    },
    {
      title: '三项制度上墙',
      description: '首问负责、一次性告知、限时办结制度公开上墙',
      evidenceKind: 'photo',
    },
    {
      title: '三类人员在岗',
      description: '党务专干、便民服务代办员、志愿者按时在岗',
      evidenceKind: 'record',
    },
    { title: '三个功能区齐全', description: '服务大厅、活动区、会议培训区功能齐全', evidenceKind: 'onSite' },
    { title: '三本台账规范', description: '服务台账、代办台账、活动台账记录完整', evidenceKind: 'document' },
  ],
};

function staffFor(random: Random, township: boolean): CenterStaff[] {
  const roles = township
    ? ['中心主任', '党务专干', '便民服务代办员', '便民服务代办员', '志愿者']
    : ['党支部书记', '便民服务代办员', '网格员'];
  const count = township ? random.int(3, 5) : random.int(2, 3);
  return roles.slice(0, count).map((role, index) => {
    const mongolian = random.chance(0.45);
    const name = mongolian
      ? `${random.pick(words.mongolianFirst)}${random.pick(words.mongolianMaleSecond)}`
      : `${random.pick(words.hanSurnames)}${random.pick(random.chance(0.5) ? words.hanMaleGivenYounger : words.hanFemaleGivenYounger)}`;
    return {
      name,
      role,
      phone: `${random.pick(words.phonePrefixes)}${String(random.int(0, 99_999_999)).padStart(8, '0')}`,
      // The person on duty for the public usually publishes a number; the others keep theirs private.
      phonePublic: index === (township ? 2 : 1),
    };
  });
}

function daysBefore(today: string, days: number): string {
  const date = new Date(`${today}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() - days);
  return date.toISOString().slice(0, 10);
}

/** Adds the centers module's demo records to the freshly loaded demo banner; returns counts by kind. */
export async function loadCentersDemo(tx: Tx, demo: DemoContext): Promise<Record<string, number>> {
  const random = createRandom(demo.seed ^ 0x43e17e55);
  const root = demo.units.find((u) => u.id === demo.rootUnitId)!;
  const banner = demo.units.find((u) => u.type === 'banner') ?? root;
  const byId = new Map(demo.units.map((u) => [u.id, u]));
  const townships = demo.units.filter((u) => u.type === 'sumu' || u.type === 'town');
  const villages = demo.units.filter((u) => u.type === 'gacha' || u.type === 'community');

  // The two local checklists, owned by the banner.
  const standardRows = await tx
    .insert(centerStandards)
    .values(
      [fiveThreesStandard, twoStationsStandard].map((s) => ({
        unitId: banner.id,
        name: s.name,
        description: s.description,
        unitTypes: s.unitTypes,
      })),
    )
    .returning({ id: centerStandards.id });
  const itemRows = await tx
    .insert(centerStandardItems)
    .values([
      ...fiveThreesStandard.items.map((item, i) => ({
        ...item,
        standardId: standardRows[0]!.id,
        sortOrder: i,
      })),
      ...twoStationsStandard.items.map((item, i) => ({
        ...item,
        standardId: standardRows[1]!.id,
        sortOrder: i,
      })),
    ])
    .returning({ id: centerStandardItems.id, standardId: centerStandardItems.standardId });
  const itemsOf = (standardId: string) =>
    itemRows.filter((r) => r.standardId === standardId).map((r) => r.id);

  // Every 苏木镇 and most 嘎查/社区 have a centre.
  const chosen: DemoUnitRef[] = [...townships, ...villages.filter(() => random.chance(0.88))];
  const centreValues = chosen.map((unit) => {
    const township = unit.type === 'sumu' || unit.type === 'town';
    const parent = unit.parentId ? byId.get(unit.parentId) : undefined;
    const rooms = township ? townshipRooms : villageRooms.filter((_, i) => i < 3 || random.chance(0.7));
    const name = `${unit.name}党群服务中心`;
    const upgradeStatus = random.weighted([
      ['none', 4],
      ['planned', 2],
      ['inProgress', 2],
      ['completed', 2],
    ] as const);
    return {
      id: crypto.randomUUID(),
      bannerId: unit.bannerId,
      unitId: unit.id,
      name,
      pinyin: pinyinKey(name),
      address: township
        ? `${unit.name}政府所在地${random.pick(['团结路', '振兴街', '建设路', '草原路', '兴安街'])}${random.int(1, 99)}号`
        : `${parent?.name ?? ''}${unit.name}${unit.type === 'community' ? random.pick(['和平街', '幸福路', '新华街']) : '嘎查部'}${random.int(1, 60)}号`,
      areaSqm: township ? random.int(400, 1500) : random.int(120, 500),
      openingHours: township
        ? '周一至周五 8:30–12:00，14:30–17:30；周六上午值班'
        : random.pick(['周一至周五 8:30–17:30', '每天 8:00–18:00（农忙时节延长）', '周一至周六 9:00–17:00']),
      rooms,
      staff: staffFor(random, township),
      status: random.chance(0.04) ? 'building' : 'inUse',
      upgradeStatus,
      upgradeNote:
        upgradeStatus === 'none'
          ? ''
          : random.pick(['改造服务大厅，增设代办窗口', '扩建党员活动室', '新建文体活动广场', '完善标识标牌']),
    };
  });
  for (let i = 0; i < centreValues.length; i += BATCH) {
    await tx.insert(serviceCenters).values(centreValues.slice(i, i + BATCH));
  }

  // Service lists: 8–25 items drawn from the catalogue, suited to the level of the centre.
  const itemValues = centreValues.flatMap((centre) => {
    const unit = byId.get(centre.unitId)!;
    const township = unit.type === 'sumu' || unit.type === 'town';
    const suitable = catalogue.filter((c) => !c.level || c.level === (township ? 'township' : 'village'));
    const count = Math.min(suitable.length, township ? random.int(15, 25) : random.int(8, 18));
    const picked = random.shuffle(suitable).slice(0, count);
    const phone = `0482-${random.int(6, 8)}${String(random.int(0, 999_999)).padStart(6, '0')}`;
    return picked
      .sort((a, b) => catalogue.indexOf(a) - catalogue.indexOf(b))
      .map((entry, index) => ({
        centerId: centre.id,
        name: entry.name,
        department: entry.department,
        eligibility: entry.eligibility,
        materials: entry.materials,
        timeLimitDays: entry.days,
        timeLimitKind: entry.kind ?? 'working',
        fee: entry.fee ?? '免费',
        channels: entry.channels,
        contactPhone: phone,
        sortOrder: index,
        published: random.chance(0.94),
      }));
  });
  for (let i = 0; i < itemValues.length; i += BATCH) {
    await tx.insert(centerServiceItems).values(itemValues.slice(i, i + BATCH));
  }

  // Assessments: most centres assessed, some twice (an earlier, weaker round kept as history).
  const heads: Array<typeof centerAssessments.$inferInsert> = [];
  const results: Array<typeof centerAssessmentResults.$inferInsert> = [];
  for (const centre of centreValues) {
    const unit = byId.get(centre.unitId)!;
    const township = unit.type === 'sumu' || unit.type === 'town';
    if (!random.chance(township ? 0.92 : 0.75)) continue;
    const standardId = standardRows[township ? 0 : 1]!.id;
    const items = itemsOf(standardId);
    // A realistic mix: about a third fully up to standard, the rest partly.
    const strength = random.weighted([
      [1, 3],
      [0.8, 3],
      [0.6, 2],
      [0.35, 1],
    ] as const);
    const rounds = random.chance(0.35) ? 2 : 1;
    for (let round = 0; round < rounds; round++) {
      const latest = round === rounds - 1;
      const level = latest ? strength : Math.max(0.2, strength - 0.3);
      const id = crypto.randomUUID();
      const assessedOn = daysBefore(demo.today, latest ? random.int(10, 120) : random.int(300, 500));
      heads.push({
        id,
        centerId: centre.id,
        standardId,
        assessedOn,
        assessorName: random.pick(['旗委组织部 王建华', '旗委组织部 其木格', `${unit.name}党委 李丽`]),
        note: latest ? '年度达标评估' : '提档升级前摸底评估',
      });
      for (const itemId of items) {
        const roll = random.next();
        const result = level >= 1 || roll < level ? 'met' : roll < level + 0.2 ? 'partly' : 'notMet';
        results.push({
          assessmentId: id,
          itemId,
          result,
          evidenceNote:
            result === 'met' ? '现场查看符合要求' : result === 'partly' ? '已建成，制度未上墙' : '尚未建设',
        });
      }
    }
  }
  for (let i = 0; i < heads.length; i += BATCH)
    await tx.insert(centerAssessments).values(heads.slice(i, i + BATCH));
  for (let i = 0; i < results.length; i += BATCH)
    await tx.insert(centerAssessmentResults).values(results.slice(i, i + BATCH));

  return {
    serviceCenters: centreValues.length,
    centerServiceItems: itemValues.length,
    centerStandards: standardRows.length,
    centerAssessments: heads.length,
  };
}
