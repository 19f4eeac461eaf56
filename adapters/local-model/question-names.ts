/**
 * Names of two or more capitalised words inside a question ("Microsoft Office", "Red Hat"): each
 * names one thing, which a passage holding its words apart ("Microsoft Windows", "the office") is
 * not about. Only words written with an initial capital and the rest in lower case count, so an
 * acronym beside a name ("Multicast DNS", "GlobalProtect VPN"), which documents often write apart,
 * is not read as one name; the question's first word is capitalised anyway and never counts. A
 * question written in title case names nothing this way.
 */
export function namesIn(question: string): string[] {
  const words = question.normalize('NFKC').match(/[\p{L}\p{N}]+(?:[-'’.][\p{L}\p{N}]+)*/gu) ?? [];
  const capitalised = (word: string): boolean => /^\p{Lu}[\p{Ll}\p{N}'’.-]+$/u.test(word);
  if (words.filter(capitalised).length * 2 > words.length) {
    return [];
  }
  const names: string[] = [];
  let run: string[] = [];
  const close = (): void => {
    if (run.length >= 2) {
      names.push(run.join(' '));
    }
    run = [];
  };
  words.forEach((word, index) => {
    if (index > 0 && capitalised(word)) {
      run.push(word.replace(/['’]s$/u, ''));
    } else {
      close();
    }
  });
  close();
  return names;
}

/** Whether a text holds a name as written, apart from case and spacing. */
export function holdsName(text: string, name: string): boolean {
  const flat = (value: string): string => value.normalize('NFKC').toLowerCase().replace(/\s+/gu, ' ');
  return flat(text).includes(flat(name));
}
