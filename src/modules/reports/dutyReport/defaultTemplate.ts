// The default duty report template (RULES §9): 思想政治 → 履职情况 by area of responsibility → 廉洁自律 →
// 存在的问题和不足 → 明年工作主要思路. Placeholders use indicators registered today (orgs, members,
// meetings, elections, centers) and some no module provides yet (talent.*, training.*), which a draft
// shows as missing until those modules exist.
import type { BlockTemplate, PlaceholderTemplate, RunTemplate } from './model';

let counter = 0;
const next = (prefix: string) => `${prefix}${++counter}`;

const text = (value: string): RunTemplate => ({ id: next('t'), type: 'text', text: value });
const figure = (
  indicatorKey: string,
  options: Partial<Omit<PlaceholderTemplate, 'id' | 'type' | 'indicatorKey'>> = {},
): RunTemplate => ({
  id: next('p'),
  type: 'placeholder',
  indicatorKey,
  scope: 'authorPost',
  period: 'reportYear',
  ...options,
});
const heading = (level: 1 | 2 | 3, value: string): BlockTemplate => ({
  id: next('h'),
  type: 'heading',
  level,
  text: value,
});
const paragraph = (...runs: RunTemplate[]): BlockTemplate => ({ id: next('b'), type: 'paragraph', runs });

/** The default template's title and blocks; ids are stable, so drafts keep edits across versions. */
export function defaultTemplate(): { name: string; title: string; blocks: BlockTemplate[] } {
  counter = 0;
  return {
    name: '旗委常委个人述职报告（默认模板）',
    title: '述职报告',
    blocks: [
      paragraph(
        text(
          '一年来，在旗委的坚强领导下，本人认真履行岗位职责，坚持以习近平新时代中国特色社会主义思想为指导，围绕中心、服务大局，较好地完成了各项工作任务。现将履职情况报告如下：',
        ),
      ),
      heading(1, '一、履职情况'),
      heading(2, '（一）加强思想政治建设，提高理论素养'),
      paragraph(
        text(
          '坚持把学习贯彻党的创新理论作为首要政治任务，以上率下推动理论学习走深走实。全年所联系范围内各级党组织开展组织生活',
        ),
        figure('meetings.held.byKind', { period: 'postPeriod', combine: 'sum', rounding: 'approx' }),
        text('次，其中讲党课'),
        figure('meetings.held.byKind', { group: 'partyLecture', period: 'postPeriod' }),
        text('次。'),
      ),
      heading(2, '（二）抓好基层组织建设，夯实党的执政基础'),
      paragraph(
        text('坚持大抓基层的鲜明导向，统筹推进各领域基层党组织建设。截至年底，全旗共有党组织'),
        figure('orgs.partyOrgs.total', { combine: 'last' }),
        text('个、党员'),
        figure('members.total', { combine: 'last' }),
        text('名，其中预备党员'),
        figure('members.byCategory', { group: 'probationary', combine: 'last' }),
        text('名。高质量完成嘎查（村）、社区“两委”换届，'),
        figure('elections.dualRole.count', { combine: 'last' }),
        text('个嘎查（村）、社区实现党组织书记、主任“一肩挑”，换届完成率'),
        figure('elections.completed', { combine: 'last' }),
        text('%。'),
      ),
      paragraph(
        text('分管苏木镇党组织生活规范开展，全年召开组织生活'),
        figure('meetings.held.byKind', {
          scope: 'supervisedUnits',
          period: 'postPeriod',
          combine: 'perPost',
        }),
        text('次；分管范围内党群服务中心'),
        figure('centers.count', { scope: 'supervisedUnits', combine: 'last' }),
        text('个，提供服务事项'),
        figure('centers.serviceItems.total', { scope: 'supervisedUnits', combine: 'last' }),
        text('项。'),
      ),
      heading(2, '（三）坚持人才强旗，激发干事创业活力'),
      paragraph(
        text('深化人才发展体制机制改革，柔性引进各类人才'),
        figure('talent.flexibleIntroductions', { rounding: 'approx' }),
        text('人次，纳入中心培养'),
        figure('talent.cultivated'),
        text('人。'),
      ),
      heading(2, '（四）强化干部教育培训，提升履职本领'),
      paragraph(
        text('围绕中心工作举办各类专题培训班'),
        figure('training.classes.held', { period: 'postPeriod' }),
        text('期，培训干部'),
        figure('training.trainees', { period: 'postPeriod', rounding: 'approx' }),
        text('人次。'),
      ),
      {
        id: 'l1',
        type: 'recordList',
        placeholder: { indicatorKey: 'training.classes.held', scope: 'authorPost', period: 'postPeriod' },
        max: 10,
      },
      heading(1, '二、廉洁自律'),
      paragraph(
        text(
          '严格落实全面从严治党主体责任和“一岗双责”，带头遵守中央八项规定及其实施细则精神，自觉接受组织和群众监督，管好身边工作人员，始终保持清正廉洁的政治本色。',
        ),
      ),
      heading(1, '三、存在的问题和不足'),
      paragraph(
        text(
          '一是理论学习的系统性还不够强；二是深入基层调查研究还不够多；三是推动工作的创新举措还不够丰富。',
        ),
      ),
      heading(1, '四、明年工作主要思路'),
      paragraph(
        text(
          '一是持续加强政治建设；二是全面提升基层党组织组织力；三是深化人才工作机制改革；四是从严从实抓好干部队伍建设。',
        ),
      ),
    ],
  };
}
