/** Ids typed into one box: separated by commas, semicolons, spaces or lines; repeats dropped. */
export function idList(text: string): string[] {
  return [...new Set(text.split(/[\s,;]+/u).filter((id) => id !== ''))];
}
