import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runTextCommand } from '../../../src/app/commands/run-text-command.ts';
import type { UserActor } from '../../../src/app/commands/types.ts';
import type { AppDeps, UserRow } from '../../../src/app/deps.ts';
import { leads } from '../../../src/db/schema.ts';
import { DomainError } from '../../../src/domain/errors.ts';
import { errorText } from '../../../src/messages/catalogue/errors.ts';
import { countRows, createTestDatabase, type TestDatabase } from '../../helpers/db.ts';
import { testDeps } from '../../helpers/deps.ts';
import { addTeam, addUser, type Team } from './fixtures.ts';

const as = (user: UserRow): UserActor => ({ kind: 'user', user });
let database: TestDatabase;
let deps: AppDeps;
let team: Team;

beforeEach(async () => {
  database = await createTestDatabase();
  deps = testDeps(database);
  team = await addTeam(database);
});

afterEach(async () => {
  await database?.close();
});

describe('lead commands', () => {
  it('线索 新建 with Chinese keys creates, normalises and routes the lead, answering in Chinese', async () => {
    const reply = await runTextCommand(
      deps,
      as(team.west),
      '线索 新建 姓名:"李 雷" 公司:某某科技有限公司 邮箱:ＬＩ＠ＥＸＡＭＰＬＥ．ＣＮ 电话:１３８－００１３－８０００ 地区:east 行业:manufacturing 备注:展会认识',
    );
    const [lead] = await database.db.select().from(leads);
    expect(reply).toEqual({
      text: `线索 L-${String(lead?.seq).padStart(6, '0')} 已创建，分配给 Amy。`,
      tone: 'success',
    });
    expect(lead).toMatchObject({
      name: '李 雷',
      company: '某某科技有限公司',
      emailBidx: deps.keyring.blindIndex('email', 'li@example.cn'),
      phoneBidx: deps.keyring.blindIndex('phone', '+8613800138000'),
      note: '展会认识',
      source: 'chat',
      offeredToId: team.amy.id,
    });
    const again = await runTextCommand(deps, as(team.west), '线索 新建 李雷 电话:13800138000');
    expect(again.text).toMatch(/^已有该线索 L-\d{6}（已分配，待接受），已记为重复进线，未新建。$/);
  });

  it('lead new in English posts to the claim pool and says where', async () => {
    const reply = await runTextCommand(
      deps,
      as(team.amy),
      'lead new name:"Li Lei" email:li@acme.cn region:north',
    );
    expect(reply.text).toMatch(/^Lead L-\d{6} created and posted for claiming in Lead pool\.$/);
  });

  it('a missing name or a malformed email is refused naming the field, and nothing is written', async () => {
    const missing = await runTextCommand(deps, as(team.amy), 'lead new email:li@acme.cn').catch((e) => e);
    expect(missing).toBeInstanceOf(DomainError);
    expect(missing).toMatchObject({ code: 'missing_argument', field: 'name' });
    const bad = await runTextCommand(deps, as(team.amy), 'lead new name:Li email:li@@acme').catch((e) => e);
    expect(bad).toMatchObject({ code: 'lead_email_invalid', field: 'email' });
    expect(errorText(bad as DomainError, 'en')).toBe(
      'email "li@@acme" is not an email address; write it like li.lei@example.com.',
    );
    expect(errorText(bad as DomainError, 'zh-CN')).toBe(
      '邮箱「li@@acme」格式不正确，应形如 li.lei@example.com。',
    );
    expect(await countRows(database, 'leads')).toBe(0);
  });

  it('lead mine / 线索 我的 lists the open leads offered to or owned by me', async () => {
    expect((await runTextCommand(deps, as(team.amy), 'lead mine')).card?.body).toBe(
      'You have no open leads.',
    );
    await runTextCommand(
      deps,
      as(team.west),
      'lead new name:Han company:ACME email:han@acme.cn region:east industry:manufacturing',
    );
    await runTextCommand(
      deps,
      as(team.west),
      'lead new name:Wu email:wu@acme.cn region:east industry:manufacturing',
    );
    await runTextCommand(
      deps,
      as(team.west),
      'lead new name:Zhou email:zhou@acme.cn region:east industry:manufacturing',
    );
    await runTextCommand(
      deps,
      as(team.west),
      'lead new name:Qian email:qian@acme.cn region:east industry:manufacturing',
    );
    const mine = await runTextCommand(deps, as(team.amy), 'lead mine');
    expect(mine.card?.title).toBe('My open leads (2)');
    expect(mine.card?.items?.map((i) => i.text).join('\n')).toMatch(
      /^\*\*L-\d{6}\*\* Qian · — · offered, awaiting acceptance\n\*\*L-\d{6}\*\* Han · ACME · offered, awaiting acceptance$/,
    );
    // An offer carries Accept / Decline / Open on its own row.
    expect(mine.card?.items?.[0]?.actions.map((a) => a.id)).toEqual([
      'lead.accept',
      'lead.decline',
      'lead.show',
    ]);
    const zh = await runTextCommand(deps, as(team.west), '线索 我的');
    expect(zh.card?.title).toBe('我的未结线索（0）');
  });
});

describe('a lead posted to the claim pool', () => {
  it('reads as waiting to be claimed in the duplicate reply and on its record, and its timeline names its arrival once', async () => {
    const created = await runTextCommand(
      deps,
      as(team.west),
      '线索 新建 姓名:李雷 邮箱:li@acme.cn 地区:north',
    );
    expect(created.text).toMatch(/^线索 L-\d{6} 已创建，已发到 线索池 待认领。$/);
    const again = await runTextCommand(deps, as(team.west), '线索 新建 李雷 邮箱:li@acme.cn');
    expect(again.text).toMatch(/^已有该线索 L-\d{6}（待认领），已记为重复进线，未新建。$/);

    const [lead] = await database.db.select().from(leads);
    const admin = await addUser(database, { name: '赵敏', roles: ['admin'], locale: 'zh-CN' });
    const shown = await runTextCommand(deps, as(admin), `线索 查看 L-${String(lead?.seq).padStart(6, '0')}`);
    const field = (label: string) => shown.card?.fields.find((f) => f.label === label)?.value;
    expect(field('状态')).toBe('待认领');
    expect(field('负责人')).toBe('—');
    const timeline = field('时间线') ?? '';
    expect(timeline.match(/收到线索|录入了线索/g)).toEqual(['收到线索']);
  });
});
