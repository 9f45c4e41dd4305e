// Work that must not delay the next frame: run it once that frame has been painted (the frame's
// callbacks run before its layout and paint; a task queued from there runs after them).

/** Runs `fn` after the next frame is painted; returns a function that cancels it. */
export function afterNextPaint(fn: () => void): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const frame = requestAnimationFrame(() => {
    timer = setTimeout(fn);
  });
  return () => {
    cancelAnimationFrame(frame);
    clearTimeout(timer);
  };
}
