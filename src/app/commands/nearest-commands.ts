// Owns "did you mean …": the commands nearest to a line nobody understood, by edit distance over each command's words
// in both languages. Pure: no deps, no I/O.
import { tokenize } from './parse-command.ts';
import type { TextCommand } from './types.ts';

// Optimal string alignment distance (Damerau–Levenshtein with adjacent transpositions), over code points so that
// one Chinese character is one edit.
export function editDistance(a: string, b: string): number {
  const s = Array.from(a);
  const t = Array.from(b);
  const rows = s.length + 1;
  const cols = t.length + 1;
  const d: number[] = new Array(rows * cols).fill(0);
  for (let i = 0; i < rows; i++) d[i * cols] = i;
  for (let j = 0; j < cols; j++) d[j] = j;
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = s[i - 1] === t[j - 1] ? 0 : 1;
      let best = Math.min(
        d[(i - 1) * cols + j]! + 1,
        d[i * cols + j - 1]! + 1,
        d[(i - 1) * cols + j - 1]! + cost,
      );
      if (i > 1 && j > 1 && s[i - 1] === t[j - 2] && s[i - 2] === t[j - 1])
        best = Math.min(best, d[(i - 2) * cols + j - 2]! + 1);
      d[i * cols + j] = best;
    }
  }
  return d[rows * cols - 1]!;
}

// How many edits a typed word may be from a command word and still be taken for it: one for short words (and for
// any Chinese word, whose characters each carry meaning), two from six letters on.
function allowedEdits(word: string): number {
  const length = Array.from(word).length;
  if (/\p{Script=Han}/u.test(word)) return length >= 4 ? 2 : 1;
  return length >= 6 ? 2 : 1;
}

export interface Suggestion {
  command: TextCommand;
  // The command's words as the reader would type them, in the language the typed line was nearest to.
  words: string;
  distance: number;
}

const wordsOf = (phrase: string) => phrase.toLowerCase().split(' ');

// The nearest commands first, each once; none when nothing typed is near any command's words.
export function nearestCommands(text: string, commands: readonly TextCommand[], most = 3): Suggestion[] {
  const tokens = tokenize(text.replace(/^\/+/, '')).map((t) => t.toLowerCase());
  if (tokens.length === 0) return [];
  const close: Suggestion[] = [];
  const sameGroup: Suggestion[] = [];
  for (const command of commands) {
    let best: Suggestion | null = null;
    let bestInGroup: Suggestion | null = null;
    for (const phrase of command.words) {
      const parts = wordsOf(phrase);
      const typed = tokens.slice(0, parts.length);
      if (typed.length < parts.length) {
        // "lead" alone: every lead command is a fair guess.
        if (typed.length === 1 && parts[0] === typed[0]) {
          const candidate = { command, words: phrase, distance: parts.length };
          if (!bestInGroup || candidate.distance < bestInGroup.distance) bestInGroup = candidate;
        }
        continue;
      }
      const distances = parts.map((p, i) => editDistance(typed[i] ?? '', p));
      const distance = distances.reduce((sum, d) => sum + d, 0);
      const near = parts.every((p, i) => (distances[i] ?? 0) <= allowedEdits(p));
      if (near && (!best || distance < best.distance)) best = { command, words: phrase, distance };
      // The group word right ("lead creat"): the command stays a candidate, ranked by how near the rest is.
      if (parts.length > 1 && distances[0] === 0) {
        const candidate = { command, words: phrase, distance };
        if (!bestInGroup || distance < bestInGroup.distance) bestInGroup = candidate;
      }
    }
    if (best) close.push(best);
    else if (bestInGroup) sameGroup.push(bestInGroup);
  }
  const byDistance = (a: Suggestion, b: Suggestion) => a.distance - b.distance;
  const ranked = close.length > 0 ? close.sort(byDistance) : sameGroup.sort(byDistance);
  return ranked.slice(0, most);
}
