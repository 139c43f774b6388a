// Catalogue: the words of web sign-in — the sign-in page, the trial-mode banner, and sign-in errors — in zh-CN and en.
import type { Texts } from '../i18n.ts';
import type { Locale } from '../model.ts';

export const signInErrors: Record<Locale, Record<string, string>> = {
  en: {
    password_too_short: 'A password needs at least {min} characters; a few unrelated words make a good one.',
    password_too_long: 'A password may have at most {max} characters.',
  },
  'zh-CN': {
    password_too_short: '密码至少需要 {min} 个字符；几个不相关的词连在一起就是好密码。',
    password_too_long: '密码最多 {max} 个字符。',
  },
};

export type SignInTextKey =
  | 'title'
  | 'email'
  | 'password'
  | 'submit'
  | 'or'
  | 'withSlack'
  | 'withLark'
  | 'linkIntro'
  | 'linkSubmit'
  | 'failed'
  | 'linkInvalid'
  | 'notOnRoster'
  | 'providerFailed'
  | 'tooMany'
  | 'noMethod'
  | 'signOut'
  | 'signedInAs'
  | 'trialBanner'
  | 'required'
  | 'csrf'
  | 'crossOrigin'
  | 'notYou';

export const signInTexts: Texts<SignInTextKey> = {
  en: {
    title: 'Sign in to closeloop',
    email: 'Email',
    password: 'Password',
    submit: 'Sign in',
    or: 'or',
    withSlack: 'Sign in with Slack',
    withLark: 'Sign in with Lark / Feishu',
    linkIntro: 'You opened a one-time sign-in link. It works once, for 15 minutes.',
    linkSubmit: 'Continue',
    failed: 'That email and password do not match. Check both, or ask an admin for a sign-in link.',
    linkInvalid:
      'This sign-in link was already used or has expired. Ask an admin for a new one (closeloop user link <email>).',
    notOnRoster:
      'You signed in, but {who} is not on the closeloop roster. Ask an admin to add you (or link your chat account), then try again.',
    providerFailed:
      'Sign-in with {provider} did not complete. Try again; if it keeps failing, tell an admin.',
    tooMany: 'Too many sign-in attempts from here. Wait a minute and try again.',
    noMethod: 'No way to sign in is set up yet. An admin can run: closeloop user password <email>',
    signOut: 'Sign out',
    signedInAs: 'Signed in as {name}',
    trialBanner:
      'Trial mode: no sign-in, anyone who opens this page can act as any roster user. It ends when an admin sets a password (closeloop user password <email>).',
    required: 'Sign in first: open /auth/sign-in.',
    csrf: "This request lacks the page's security token (x-csrf-token). Reload the page and try again.",
    crossOrigin: 'This request came from another site ({origin}) and was refused.',
    notYou: 'You are signed in as {name}; the console and dashboard act only as you ("as" must be your id).',
  },
  'zh-CN': {
    title: '登录 closeloop',
    email: '邮箱',
    password: '密码',
    submit: '登录',
    or: '或',
    withSlack: '使用 Slack 登录',
    withLark: '使用飞书 / Lark 登录',
    linkIntro: '你打开的是一次性登录链接，15 分钟内可用一次。',
    linkSubmit: '继续',
    failed: '邮箱与密码不匹配。请检查两者，或请管理员发送登录链接。',
    linkInvalid: '此登录链接已被使用或已过期。请管理员重新生成（closeloop user link <邮箱>）。',
    notOnRoster: '登录成功，但 {who} 不在 closeloop 花名册中。请管理员添加你（或关联你的聊天账号）后再试。',
    providerFailed: '{provider} 登录未完成。请重试；如仍失败请联系管理员。',
    tooMany: '此处登录尝试过多。请稍等一分钟再试。',
    noMethod: '尚未设置任何登录方式。管理员可运行：closeloop user password <邮箱>',
    signOut: '退出登录',
    signedInAs: '已登录：{name}',
    trialBanner:
      '试用模式：无需登录，任何打开此页面的人都可以以任意花名册用户身份操作。管理员设置密码后即结束（closeloop user password <邮箱>）。',
    required: '请先登录：打开 /auth/sign-in。',
    csrf: '此请求缺少页面的安全令牌（x-csrf-token）。请刷新页面后重试。',
    crossOrigin: '此请求来自其他网站（{origin}），已拒绝。',
    notYou: '你以 {name} 的身份登录；控制台和看板只能以你本人操作（"as" 必须是你的 id）。',
  },
};
