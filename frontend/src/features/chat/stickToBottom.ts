// Keeping scroll boxes pinned to their end while text streams in. Reading `scrollHeight` forces a
// layout: every box due is handled in one animation frame, so twelve streaming columns cost one
// layout per frame, not one per column and per update.
const due = new Set<HTMLElement>();

function run(): void {
  const elements = [...due];
  due.clear();
  const heights = elements.map((element) => element.scrollHeight);
  elements.forEach((element, index) => {
    element.scrollTop = heights[index] ?? 0;
  });
}

/** Scrolls `element` to its end at the next frame. */
export function stickToBottom(element: HTMLElement): void {
  if (due.size === 0) requestAnimationFrame(run);
  due.add(element);
}

/** Whether the user is (about) at the end of `element`, so it should keep following. */
export function isAtBottom(element: HTMLElement, slack: number): boolean {
  return (
    element.scrollHeight - element.scrollTop - element.clientHeight < slack
  );
}
