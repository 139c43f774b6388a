// Catalogue: the words of the /console page itself (its chrome, not the cards it shows), in zh-CN and en.
import type { Texts } from '../i18n.ts';

export type ConsoleTextKey =
  | 'title'
  | 'actingAs'
  | 'switchUser'
  | 'pickTitle'
  | 'pickHint'
  | 'searchPlaceholder'
  | 'noMatches'
  | 'emptyRoster'
  | 'channels'
  | 'directMessages'
  | 'botName'
  | 'noMessages'
  | 'composerPlaceholder'
  | 'send'
  | 'attach'
  | 'attachHint'
  | 'onlyYou'
  | 'dismiss'
  | 'edited'
  | 'cancel'
  | 'submit'
  | 'offline'
  | 'minLength'
  | 'youTyped'
  | 'role.rep'
  | 'role.manager'
  | 'role.finance'
  | 'role.legal'
  | 'role.director'
  | 'role.cfo'
  | 'role.admin';

export const consoleTexts: Texts<ConsoleTextKey> = {
  en: {
    title: 'closeloop console',
    actingAs: 'Acting as',
    switchUser: 'Switch user',
    pickTitle: 'Who are you today?',
    pickHint: 'Pick anyone on the roster to see and click exactly what they would in Slack or Lark.',
    searchPlaceholder: 'Search by name, email, role or region',
    noMatches: 'Nobody matches "{query}".',
    emptyRoster: 'The roster is empty. Run "closeloop seed demo" or "closeloop import roster <file.csv>".',
    channels: 'Channels',
    directMessages: 'Direct messages',
    botName: 'closeloop',
    noMessages: 'Nothing here yet.',
    composerPlaceholder: 'Type a command, e.g. help',
    send: 'Send',
    attach: 'File…',
    attachHint:
      'Send a file, with what you typed as its caption: lead import, bank import, order attach SO-…',
    onlyYou: 'Only visible to you',
    dismiss: 'Dismiss',
    edited: 'edited',
    cancel: 'Cancel',
    submit: 'Submit',
    offline: 'Connection lost, retrying…',
    minLength: 'Please write at least {n} characters.',
    youTyped: 'You typed',
    'role.rep': 'rep',
    'role.manager': 'manager',
    'role.finance': 'finance',
    'role.legal': 'legal',
    'role.director': 'director',
    'role.cfo': 'CFO',
    'role.admin': 'admin',
  },
  'zh-CN': {
    title: 'closeloop 控制台',
    actingAs: '当前身份',
    switchUser: '切换用户',
    pickTitle: '今天你是谁？',
    pickHint: '选择花名册中的任何人，查看并点击他在 Slack 或飞书中会看到的一切。',
    searchPlaceholder: '按姓名、邮箱、角色或区域搜索',
    noMatches: '没有匹配「{query}」的人。',
    emptyRoster: '花名册为空。请运行「closeloop seed demo」或「closeloop import roster <文件.csv>」。',
    channels: '频道',
    directMessages: '私信',
    botName: 'closeloop',
    noMessages: '暂无消息。',
    composerPlaceholder: '输入命令，例如 帮助',
    send: '发送',
    attach: '文件…',
    attachHint: '发送文件，输入框里的内容作为说明：线索 导入、流水 导入、订单 上传 SO-…',
    onlyYou: '仅你可见',
    dismiss: '关闭',
    edited: '已编辑',
    cancel: '取消',
    submit: '提交',
    offline: '连接中断，正在重试…',
    minLength: '请至少填写 {n} 个字符。',
    youTyped: '你输入了',
    'role.rep': '销售',
    'role.manager': '主管',
    'role.finance': '财务',
    'role.legal': '法务',
    'role.director': '总监',
    'role.cfo': '财务总监',
    'role.admin': '管理员',
  },
};
