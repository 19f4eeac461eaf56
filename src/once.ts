/** Creates a value on first use and hands back the same one afterwards (also to concurrent callers). */
export function once<T>(create: () => T): () => T {
  let created: { value: T } | undefined;
  return () => {
    created ??= { value: create() };
    return created.value;
  };
}
