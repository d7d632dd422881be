/**
 * Form errors as the GOV.UK Design System shows them: a summary at the top of the form, which takes the
 * focus on submit and links to each field in error, and each field's own message beside it (above the
 * input, red bar on the left, the input's aria-describedby naming the message).
 */
import { h, mount } from './dom.ts';
import { t } from './i18n.ts';

export interface FormError {
  message: string;
  /** The input the summary's link focuses; none for a problem of the whole form (a network failure). */
  inputId?: string;
}

/** Focus the field and bring its label or legend into view too: scrolling to the input alone hides it. */
function focusField(id: string) {
  const input = document.getElementById(id);
  if (!input) return;
  const group = input.closest('fieldset') ?? input.closest('.field');
  input.focus({ preventScroll: true });
  (group ?? input).scrollIntoView({ block: 'start' });
}

/** Fills `box` with the summary of `errors` (empties it when there is none) and moves the focus to it. */
export function showSummary(box: HTMLElement, errors: readonly FormError[]) {
  if (!errors.length) {
    box.hidden = true;
    box.replaceChildren();
    return;
  }
  box.hidden = false;
  mount(
    box,
    h('h2', { class: 'error-summary-title', id: 'error-summary-title' }, t('errorSummaryTitle')),
    h(
      'ul',
      { class: 'error-summary-list' },
      errors.map((e) =>
        h(
          'li',
          null,
          e.inputId
            ? h(
                'a',
                {
                  href: `#${e.inputId}`,
                  // The page routes on its hash: a link to a field must not change it.
                  onclick: ((ev: Event) => {
                    ev.preventDefault();
                    focusField(e.inputId!);
                  }) as EventListener,
                },
                e.message,
              )
            : e.message,
        ),
      ),
    ),
  );
  box.focus();
}

export function errorSummaryBox(): HTMLElement {
  const box = h('div', {
    class: 'error-summary',
    role: 'alert',
    tabindex: -1,
    'aria-labelledby': 'error-summary-title',
    'data-testid': 'error-summary',
  });
  box.hidden = true;
  return box;
}

/**
 * A field's own message: shown in `slot`, the group marked, the inputs in error marked invalid, and
 * `describe.el` (the input, or a date's fieldset) described by the hint and the message. `message`
 * undefined clears it.
 */
export function markField(
  group: HTMLElement,
  slot: HTMLElement,
  inputs: { input: HTMLInputElement; bad: boolean }[],
  describe: { el: HTMLElement; hintId: string },
  message?: string,
) {
  group.classList.toggle('field-error', message !== undefined);
  if (message === undefined) {
    slot.hidden = true;
    slot.replaceChildren();
  } else {
    slot.hidden = false;
    mount(slot, h('span', { class: 'visually-hidden' }, `${t('errorPrefix')} `), message);
  }
  for (const { input, bad } of inputs) {
    const on = message !== undefined && bad;
    input.classList.toggle('input-error', on);
    if (on) input.setAttribute('aria-invalid', 'true');
    else input.removeAttribute('aria-invalid');
  }
  describe.el.setAttribute(
    'aria-describedby',
    message === undefined ? describe.hintId : `${describe.hintId} ${slot.id}`,
  );
}
