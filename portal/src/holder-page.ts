/**
 * The holder's disclosure (DESIGN.md §4.2): a student or guardian signs in, picks what to share of each of
 * their records (sensitive parts such as ethnicity start unticked), and downloads a proof bundle made by the
 * gateway with integrity's `disclose`; the fields left out stay as hashes, so the file still verifies.
 * The tokens live in this page's memory only: the access token (15 minutes) and the refresh token that
 * gets the next one when it has expired (each works once; signing out revokes it).
 */
import { ApiFailure, api } from './api.ts';
import { h, mount } from './dom.ts';
import { fill, L, lang, T, t } from './i18n.ts';
import { FIELDS, SUBJECTS } from './labels.ts';

interface OwnRecord {
  recordId: string;
  version: number;
  state: string;
  schoolYear: string;
  /** The school's name (the record names it by its code). */
  schoolName?: string;
  record: Record<string, unknown>;
  fields: { pointer: string; sensitive: boolean }[];
  signed: boolean;
}

let token: string | undefined;
let refreshToken: string | undefined;

interface Session {
  accessToken: string;
  refreshToken: string;
  role: string;
}

function signOut(): void {
  // Revokes the login on the server too; the page forgets it whatever the answer.
  if (refreshToken)
    void api('/v1/auth/logout', { method: 'POST', body: JSON.stringify({ refreshToken }) }).catch(() => {});
  token = refreshToken = undefined;
}

/** A call with the access token; once expired (401), one refresh and one retry. */
async function authed<T>(path: string, init: RequestInit = {}): Promise<T> {
  try {
    return await api<T>(path, { ...init, token });
  } catch (e) {
    if (!(e instanceof ApiFailure && e.status === 401 && refreshToken)) throw e;
    try {
      const next = await api<Session>('/v1/auth/refresh', {
        method: 'POST',
        body: JSON.stringify({ refreshToken }),
      });
      token = next.accessToken;
      refreshToken = next.refreshToken;
    } catch {
      token = refreshToken = undefined;
      throw e;
    }
    return api<T>(path, { ...init, token });
  }
}

/** What a holder ticks: a biography item, a subject, a result, or an envelope field. */
export function choiceOf(pointer: string): string {
  const s = pointer.split('/');
  if (s[1] === 'results' && s[2] === 'subjects') return s.slice(0, 4).join('/');
  if (s[1] === 'biography' || s[1] === 'results') return s.slice(0, 3).join('/');
  return s.slice(0, 2).join('/');
}

function choiceLabel(choice: string): string {
  const last = choice.split('/').pop() ?? '';
  return SUBJECTS[last] ? L(SUBJECTS[last]) : L(FIELDS[last], last);
}

/** The group a choice is listed under, in the form's order. */
const GROUPS = ['', 'biography', 'subjects', 'results'] as const;
function groupOf(choice: string): (typeof GROUPS)[number] {
  if (choice.startsWith('/biography/')) return 'biography';
  if (choice.startsWith('/results/subjects/')) return 'subjects';
  if (choice.startsWith('/results/')) return 'results';
  return '';
}
const groupLabel = (g: (typeof GROUPS)[number]) =>
  g === '' ? (lang() === 'vi' ? 'Thông tin chung' : 'General') : L(FIELDS[g], g);

function recordCard(r: OwnRecord): HTMLElement {
  const choices = new Map<string, boolean>();
  for (const f of r.fields) {
    const c = choiceOf(f.pointer);
    choices.set(c, (choices.get(c) ?? false) || f.sensitive);
  }
  const status = h('p', { role: 'status', class: 'note' });
  const boxes = [...choices].map(([c, sensitive], i) => {
    const id = `${r.recordId}-c${i}`;
    const box = h('input', { type: 'checkbox', id, value: c, checked: !sensitive });
    return {
      box,
      group: groupOf(c),
      el: h(
        'li',
        null,
        box,
        h('label', { for: id }, choiceLabel(c), sensitive ? h('em', null, ` (${t('sensitive')})`) : null),
      ),
    };
  });
  const download = async () => {
    status.textContent = '';
    const pointers = boxes.filter((b) => b.box.checked).map((b) => b.box.value);
    try {
      const { bundle } = await authed<{ bundle: { disclosure: { fields: unknown[]; hidden: unknown[] } } }>(
        `/v1/me/records/${encodeURIComponent(r.recordId)}/disclosure`,
        { method: 'POST', body: JSON.stringify({ pointers }) },
      );
      const blob = new Blob([JSON.stringify(bundle, null, 2)], { type: 'application/json' });
      const a = h('a', { href: URL.createObjectURL(blob), download: `hoc-ba-${r.recordId}.json` });
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
      status.textContent = `${t('downloaded')}: ${t('fieldsShown').toLowerCase()} ${fill(T.fieldsCount, { n: String(bundle.disclosure.fields.length) })}, ${t('fieldsHidden').toLowerCase()} ${fill(T.fieldsCount, { n: String(bundle.disclosure.hidden.length) })}.`;
    } catch (e) {
      status.textContent = e instanceof ApiFailure ? `${t('networkError')} (${e.code})` : t('networkError');
    }
  };
  // A parent knows the school by its name; its code only when the name is not known.
  const school = r.schoolName ?? String(r.record.schoolCode ?? '');
  const title = `${r.schoolYear} · ${lang() === 'vi' ? 'lớp' : 'grade'} ${String(r.record.grade ?? '?')} · ${school}`;
  return h(
    'section',
    { class: 'card own', 'data-record': r.recordId },
    h('h3', null, title, r.signed ? '' : ` (${t('notYetSigned')})`),
    h('p', { class: 'choose' }, t('chooseFields')),
    GROUPS.filter((g) => boxes.some((b) => b.group === g)).map((g) =>
      h(
        'fieldset',
        null,
        h('legend', null, groupLabel(g)),
        h(
          'ul',
          { class: 'choices' },
          boxes.filter((b) => b.group === g).map((b) => b.el),
        ),
      ),
    ),
    h('button', { type: 'button', onclick: download as EventListener, disabled: !r.signed }, t('download')),
    status,
  );
}

export function holderPage(): HTMLElement {
  const root = h('div');
  const render = async () => {
    if (!token) {
      const login = h('input', { id: 'login', name: 'login', autocomplete: 'username', required: true });
      const password = h('input', {
        id: 'password',
        name: 'password',
        type: 'password',
        autocomplete: 'current-password',
        required: true,
      });
      const error = h('p', { class: 'error', role: 'alert' });
      const submit = async (e: Event) => {
        e.preventDefault();
        error.textContent = '';
        const attempt = (role?: string) =>
          api<Session>('/v1/auth/login', {
            method: 'POST',
            body: JSON.stringify({ login: login.value, password: password.value, ...(role && { role }) }),
          });
        try {
          let res: Session;
          try {
            res = await attempt();
          } catch (e) {
            // An account with several roles: act as a guardian, else as a student.
            if (!(e instanceof ApiFailure && e.code === 'ROLE_REQUIRED')) throw e;
            res = await attempt('guardian').catch(() => attempt('student'));
          }
          if (res.role !== 'student' && res.role !== 'guardian') {
            void api('/v1/auth/logout', {
              method: 'POST',
              body: JSON.stringify({ refreshToken: res.refreshToken }),
            }).catch(() => {});
            error.textContent = t('notHolder');
            return;
          }
          token = res.accessToken;
          refreshToken = res.refreshToken;
          await render();
        } catch (e) {
          const code = e instanceof ApiFailure ? e.code : '';
          error.textContent =
            code === 'LOGIN_LOCKED'
              ? t('loginLocked')
              : e instanceof ApiFailure && e.status < 500 && e.status !== 0 && code !== 'RATE_LIMITED'
                ? t('loginFailed')
                : t(code === 'RATE_LIMITED' ? 'rateLimited' : 'networkError');
        }
      };
      mount(
        root,
        h('p', { class: 'intro' }, t('holderIntro')),
        h(
          'form',
          { class: 'card', onsubmit: submit as EventListener },
          h('div', { class: 'field' }, h('label', { for: 'login' }, t('login')), login),
          h('div', { class: 'field' }, h('label', { for: 'password' }, t('password')), password),
          error,
          h('button', { type: 'submit' }, t('signIn')),
        ),
      );
      return;
    }
    let records: OwnRecord[];
    try {
      ({ records } = await authed<{ records: OwnRecord[] }>('/v1/me/records'));
    } catch {
      signOut();
      return render();
    }
    mount(
      root,
      h('p', { class: 'intro' }, t('holderIntro')),
      h(
        'button',
        {
          type: 'button',
          class: 'secondary',
          onclick: (() => {
            signOut();
            void render();
          }) as EventListener,
        },
        t('signOut'),
      ),
      records.length ? records.map(recordCard) : h('p', null, t('noRecords')),
    );
  };
  void render();
  return root;
}
