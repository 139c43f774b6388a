// Owns the benches' made-up leads: distinct, unalike people and companies from a seeded generator.
// Half east / half west, a quarter manufacturing; `i` picks the person, so a run tag keeps runs apart.
const syllables =
  'ba be bi bo bu da de di do du fa fe fi fo fu ga ge gi go gu ha he hi ho hu ja je ji jo ju ka ke ki ko ku la le li lo lu ma me mi mo mu na ne ni no nu pa pe pi po pu ra re ri ro ru sa se si so su ta te ti to tu va ve vi vo vu wa we wi wo wu za ze zi zo zu'.split(
    ' ',
  );
export function person(i: number) {
  let state = i + 1;
  const word = (parts: number) =>
    Array.from({ length: parts }, () => {
      state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0;
      return syllables[(state >>> 8) % syllables.length];
    }).join('');
  return {
    name: `${word(2)} ${word(3)}`,
    company: `${word(4)} ${word(2)} Co., Ltd.`,
    email: `p${i}@expo.test`,
    phone: `139${String(i).padStart(8, '0')}`,
    region: i % 2 === 0 ? 'east' : 'west',
    industry: i % 4 === 0 ? 'manufacturing' : 'retail',
  };
}
