/** A table that scrolls sideways inside its own box on a phone (a focusable region, for the keyboard). */
export function TableBox({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must take the focus to scroll by keys.
    <section className="scroll table-box" aria-label={label} tabIndex={0}>
      {children}
    </section>
  );
}
