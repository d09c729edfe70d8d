/**
 * The items of `source`, asking for the next one as soon as one is handed out. ONNX Runtime's
 * run blocks the JavaScript thread while it scores or trains on a piece, and DuckDB reads on
 * threads of its own: asked early, the next piece of the file is read while this one is used.
 * One piece is held ahead at most.
 */
export async function* readAhead<T>(source: AsyncIterable<T>): AsyncGenerator<T> {
  const items = source[Symbol.asyncIterator]();
  let next = items.next();
  try {
    for (;;) {
      const item = await next;
      if (item.done) return;
      next = items.next();
      // its failure is awaited above on the next turn; until then it must not count as unhandled
      next.catch(() => {});
      yield item.value;
    }
  } finally {
    // a consumer that stops early (or fails) still closes the reader (its DuckDB connection)
    await next.then(
      (item) => (item.done ? undefined : items.return?.()),
      () => undefined,
    );
  }
}
