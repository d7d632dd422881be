/**
 * The lookup portal. Vanilla TypeScript, no framework: four small views and a handful of forms do not need
 * one, and the bundle stays integrity/ (with pkijs and zod) plus a few kB. Routes: `/` (lookup), `/{code}`
 * (the QR link on a record), `#tep` (verify a file), `#cua-toi` (the holder's records).
 */
import './style.css';
import { defineAbsentGlobals } from './absent-globals.ts';
import { h, mount } from './dom.ts';
import { filePage } from './file-page.ts';
import { holderPage } from './holder-page.ts';
import { lang, onLangChange, setLang, t } from './i18n.ts';
import { lookupPage } from './lookup-page.ts';
import { verifyOffline, verifyOnline } from './verify.ts';
import { warmVerifier } from './warm.ts';

type View = 'lookup' | 'file' | 'holder';
const HASH: Record<View, string> = { lookup: '', file: '#tep', holder: '#cua-toi' };

function route(): { view: View; code?: string } {
  const seg = decodeURIComponent(location.pathname.replace(/^\/+|\/+$/g, ''));
  if (location.hash === HASH.file) return { view: 'file' };
  if (location.hash === HASH.holder) return { view: 'holder' };
  return seg ? { view: 'lookup', code: seg } : { view: 'lookup' };
}

function render() {
  const app = document.getElementById('app')!;
  const r = route();
  document.documentElement.lang = lang();
  document.title = t('title');
  const tab = (v: View, label: string) =>
    h(
      'a',
      {
        href: v === 'lookup' ? '/' : `/${HASH[v]}`,
        class: 'tab',
        'aria-current': r.view === v && !(v === 'lookup' && r.code) ? 'page' : null,
      },
      label,
    );
  const main = h('main', { id: 'main', tabindex: -1 });
  mount(
    app,
    h('a', { class: 'skip', href: '#main' }, t('skip')),
    h(
      'header',
      { class: 'top' },
      h(
        'div',
        { class: 'brand' },
        h('span', { class: 'logo', 'aria-hidden': 'true' }, 'HB'),
        h('h1', null, t('title')),
      ),
      h(
        'button',
        {
          type: 'button',
          class: 'lang',
          lang: lang() === 'vi' ? 'en' : 'vi',
          'aria-label': t('switchLangLabel'),
          onclick: () => setLang(lang() === 'vi' ? 'en' : 'vi'),
        },
        t('switchLang'),
      ),
    ),
    h(
      'nav',
      { 'aria-label': t('nav') },
      tab('lookup', t('tabLookup')),
      tab('file', t('tabFile')),
      tab('holder', t('tabHolder')),
    ),
    main,
  );
  mount(main, r.view === 'file' ? filePage() : r.view === 'holder' ? holderPage() : lookupPage(r.code));
}

defineAbsentGlobals();
onLangChange(render);
window.addEventListener('hashchange', render);
window.addEventListener('popstate', render);
render();

// For the benchmark and for the curious: the same checks the page runs, from the console.
declare global {
  interface Window {
    hocba: {
      verifyOnline: typeof verifyOnline;
      verifyOffline: typeof verifyOffline;
      /** Settles when the idle-time warm-up verification has run (bench/src/portal.ts waits for it). */
      warmed: Promise<void>;
      /** Times each step of a verification (bench/src/portal.ts); its module loads only when called. */
      split: (...a: Parameters<typeof verifyOnline>) => Promise<Record<string, number>>;
    };
  }
}
window.hocba = {
  verifyOnline,
  verifyOffline,
  warmed: warmVerifier(),
  split: (bundle, ledger) => import('./verify-split.ts').then((m) => m.timeSteps(bundle, ledger)),
};
