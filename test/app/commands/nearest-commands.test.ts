// "Did you mean …": a mistyped command in either language finds the commands it was nearest to.
import { describe, expect, it } from 'vitest';
import { editDistance, nearestCommands } from '../../../src/app/commands/nearest-commands.ts';
import { textCommands } from '../../../src/app/commands/registry.ts';

describe('editDistance (optimal string alignment)', () => {
  it.each([
    ['lead', 'lead', 0],
    ['laed', 'lead', 1],
    ['led', 'lead', 1],
    ['leadd', 'lead', 1],
    ['ordr', 'order', 1],
    ['stauts', 'status', 1],
    ['新键', '新建', 1],
    ['建新', '新建', 1],
    ['', 'ar', 2],
    ['kitten', 'sitting', 3],
  ])('%s → %s is %i', (a, b, d) => {
    expect(editDistance(a, b)).toBe(d);
  });
});

describe('nearestCommands', () => {
  it.each([
    ['laed new', 'lead new'],
    ['lead nwe 姓名:李雷', 'lead new'],
    ['lead mnie', 'lead mine'],
    ['ordr status SO-2026-00001', 'order status'],
    ['order stauts SO-2026-00001', 'order status'],
    ['线索 新键', '线索 新建'],
    ['线索 我得', '线索 我的'],
    ['订单 状太 SO-2026-00001', '订单 状态'],
    ['/lead lgo', 'lead log'],
  ])('"%s" suggests %s first', (typed, first) => {
    expect(nearestCommands(typed, textCommands)[0]?.words).toBe(first);
  });

  it('a group word alone ("lead") suggests commands of that group', () => {
    const words = nearestCommands('lead', textCommands).map((s) => s.words);
    expect(words.length).toBeGreaterThan(0);
    expect(words.every((w) => w.startsWith('lead '))).toBe(true);
  });

  it('the right group word with a far-off verb ranks that group only', () => {
    const words = nearestCommands('order frobnicate', textCommands).map((s) => s.words);
    expect(words.length).toBeGreaterThan(0);
    expect(words.every((w) => w.startsWith('order '))).toBe(true);
  });

  it('suggests nothing for text near no command', () => {
    expect(nearestCommands('今天天气怎么样', textCommands)).toEqual([]);
    expect(nearestCommands('xyzzy plugh', textCommands)).toEqual([]);
    expect(nearestCommands('', textCommands)).toEqual([]);
  });

  it('names each command once and at most three', () => {
    const found = nearestCommands('lead', textCommands);
    expect(found.length).toBeLessThanOrEqual(3);
    expect(new Set(found.map((s) => s.command)).size).toBe(found.length);
  });
});
