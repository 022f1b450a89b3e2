/* Comptoir widget loader; see docs/widget.md. ES2017, no build step, < 4 KB gzip. */
(() => {
  const w = window, d = document, warn = (...a) => console.warn('Comptoir:', ...a);
  if (w.Comptoir && w.Comptoir.v) return; // loaded twice
  try {
    let tag = d.currentScript;
    if (!tag || !tag.dataset.site) {
      for (const s of d.querySelectorAll('script[data-site][src]')) if (/\/widget\.js([?#]|$)/.test(s.src)) tag = s;
    }
    const key = tag && tag.dataset.site;
    if (!key) return warn('data-site missing');
    const base = new URL(tag.src).origin, FLAG = 'comptoir:active:' + key;

    const pageLang = d.documentElement.lang || navigator.language || '';
    const lang = /^(en|fr|it|es|de)\b/i.test(pageLang) ? pageLang.slice(0, 2).toLowerCase() : 'en';
    // open, close, title, 1 unread, n unread
    const T = {
      en: ['Open chat', 'Close chat', 'Chat', 'unread message', 'unread messages'],
      fr: ['Ouvrir le chat', 'Fermer le chat', 'Discussion', 'message non lu', 'messages non lus'],
      it: ['Apri la chat', 'Chiudi la chat', 'Chat', 'messaggio non letto', 'messaggi non letti'],
      es: ['Abrir el chat', 'Cerrar el chat', 'Chat', 'mensaje no leído', 'mensajes no leídos'],
      de: ['Chat öffnen', 'Chat schließen', 'Chat', 'ungelesene Nachricht', 'ungelesene Nachrichten'],
    }[lang];

    const str = v => (v == null || typeof v == 'object' ? '' : String(v).trim().slice(0, 2000));
    const clean = o => {
      const r = {};
      for (const k in o) {
        const v = typeof o[k] == 'object' ? o[k] : str(o[k]);
        if (v) r[k] = v;
      }
      return Object.keys(r).length ? r : undefined;
    };

    // product: schema.org JSON-LD (via @graph, arrays, mainEntity), else OpenGraph
    const one = v => (Array.isArray(v) ? v[0] : v) || {};
    const findProduct = j => {
      if (Array.isArray(j)) return j.map(findProduct).find(p => p);
      // an @type array is tested joined with commas
      if (j && typeof j == 'object') return /Product/.test(j['@type']) ? j : findProduct(j['@graph']) || findProduct(j.mainEntity);
    };
    const meta = n => (d.querySelector(`meta[property="${n}"],meta[name="${n}"]`) || {}).content;
    const product = () => {
      for (const s of d.querySelectorAll('script[type="application/ld+json"]')) {
        try {
          const p = findProduct(JSON.parse(s.textContent));
          if (!p) continue;
          const o = one(p.offers), img = one(p.image);
          return clean({
            name: p.name, sku: p.sku || o.sku, url: p.url || o.url,
            image: typeof img == 'object' ? img.url || img.contentUrl : img,
            price: o.price == null ? o.lowPrice : o.price, // lowPrice: AggregateOffer
            currency: o.priceCurrency,
          });
        } catch (e) { /* bad JSON */ }
      }
      if (/product/i.test(meta('og:type')) || meta('product:price:amount')) {
        return clean({
          name: meta('og:title'), image: meta('og:image'), url: meta('og:url'),
          price: meta('product:price:amount'), currency: meta('product:price:currency'),
        });
      }
    };
    const page = () => clean({ url: location.href, title: d.title, lang: pageLang, referrer: d.referrer, product: product() });

    // closed shadow root: shop CSS cannot reach in
    const host = d.createElement('comptoir-widget');
    host.style.cssText = 'all:initial!important';
    const root = host.attachShadow({ mode: 'closed' });
    root.innerHTML = `<style>
.l,.p{position:fixed;z-index:2147483647}
.l{right:20px;bottom:20px;width:56px;height:56px;border:0;border-radius:50%;background:var(--c,#4f46e5);color:#fff;cursor:pointer;
box-shadow:0 4px 14px #0004;display:grid;place-items:center}
svg{width:26px;fill:currentColor;stroke:currentColor;stroke-width:2.5}.o .i,.x{display:none}.o .x{display:block}
.b{position:absolute;top:-4px;right:-4px;min-width:12px;padding:0 4px;border-radius:10px;text-align:center;background:#dc2626;font:700 12px/20px system-ui}
.b:empty{display:none}
.p{inset:0;overflow:hidden;background:#fff;box-shadow:0 8px 40px #0005;visibility:hidden;opacity:0;transform:translateY(12px);transition:.2s,visibility 0s .2s}
.o .p{visibility:visible;opacity:1;transform:none;transition-delay:0s}
@media (min-width:481px){.p{inset:auto 20px 92px auto;width:380px;height:min(600px,100% - 112px);border-radius:16px}}
@media (max-width:480px){.o .l{display:none}}
@media (prefers-reduced-motion:reduce){.p{transition:none}}
iframe{border:0;width:100%;height:100%}
.s{position:fixed;clip-path:inset(50%)}
</style><div class=w><div class=p id=p role=dialog aria-label=${T[2]}></div>
<button class=l type=button aria-label="${T[0]}" aria-expanded=false aria-controls=p aria-describedby=u>
<svg class=i viewBox="0 0 24 24"><path d="M3 4h18v13H9l-5 4v-4H3z"/></svg>
<svg class=x viewBox="0 0 24 24"><path d="M5 5l14 14M19 5 5 19"/></svg>
<span class=b aria-hidden=true></span></button><span class=s id=u role=status></span></div>`;
    const $ = s => root.querySelector(s);
    const wrap = $('.w'), panel = $('.p'), btn = $('.l'), badge = $('.b'), live = $('.s');
    const color = tag.dataset.color;
    if (CSS.supports('color', color)) wrap.style.setProperty('--c', color);

    let frame, ready = false, open = false, lastURL, contact, attrs;
    const handlers = { ready: [], open: [], close: [], message: [], unread: [] };
    const emit = (ev, arg) => handlers[ev].forEach(fn => { try { fn(arg); } catch (e) { warn(e); } });
    // posts before "ready" are dropped: "ready" replays the state
    const post = m => { m.comptoir = 1; if (ready) frame.contentWindow.postMessage(m, base); };
    const sendContext = () => { lastURL = location.href; post({ type: 'context', page: page() }); };
    const createFrame = () => {
      if (frame) return;
      frame = d.createElement('iframe');
      frame.title = T[2];
      frame.allow = 'clipboard-write';
      frame.src = `${base}/w/?site=${encodeURIComponent(key)}&lang=${lang}&origin=${encodeURIComponent(location.origin)}`;
      panel.appendChild(frame);
    };
    const setOpen = v => {
      if (!v == !open) return;
      const hadFocus = d.activeElement == host; // focus is in the iframe
      open = !!v;
      createFrame();
      wrap.classList.toggle('o', open);
      btn.setAttribute('aria-expanded', open);
      btn.setAttribute('aria-label', T[open ? 1 : 0]);
      post({ type: open ? 'open' : 'close' });
      if (open) frame.focus();
      else if (hadFocus) btn.focus();
      emit(open ? 'open' : 'close');
    };
    const setUnread = n => {
      n = n > 0 ? n | 0 : 0;
      badge.textContent = n || '';
      live.textContent = n ? `${n} ${T[n == 1 ? 3 : 4]}` : '';
      return n;
    };

    w.addEventListener('message', e => {
      const m = e.data;
      if (!frame || e.source != frame.contentWindow || e.origin != base || !m || m.comptoir != 1) return;
      try {
        if (m.type == 'ready') {
          ready = true;
          sendContext();
          if (contact) post(contact);
          if (attrs) post({ type: 'attributes', attributes: attrs });
          if (open) post({ type: 'open' });
          emit('ready');
        } else if (m.type == 'close') setOpen(false);
        else if (m.type == 'unread') emit('unread', setUnread(m.count));
        else if (m.type == 'message') emit('message', m.message);
        else if (m.type == 'active') localStorage.setItem(FLAG, '1');
      } catch (x) { warn(x); }
    });
    btn.addEventListener('click', () => setOpen(!open));
    btn.addEventListener('pointerenter', createFrame);
    btn.addEventListener('focus', createFrame);
    d.addEventListener('keydown', e => { if (e.key == 'Escape' && open && !e.defaultPrevented) setOpen(false); });

    // SPAs (the head changes after pushState)
    const moved = () => setTimeout(() => { if (ready && location.href != lastURL) sendContext(); }, 400);
    const push = history.pushState;
    history.pushState = function () { const r = push.apply(this, arguments); moved(); return r; };
    w.addEventListener('popstate', moved);

    const strAttrs = o => {
      const r = {};
      for (const k in o) if (o[k] != null) r[k] = str(typeof o[k] == 'object' ? JSON.stringify(o[k]) : o[k]);
      return r;
    };
    const commands = {
      open: () => setOpen(true),
      close: () => setOpen(false),
      toggle: () => setOpen(!open),
      identify(c) {
        const a = Object.assign({}, c), name = str(a.name), email = str(a.email);
        delete a.name;
        delete a.email;
        post(contact = { type: 'identify', contact: { name, email, attributes: strAttrs(a) } });
      },
      setAttributes(a) {
        a = strAttrs(a);
        attrs = Object.assign(attrs || {}, a);
        post({ type: 'attributes', attributes: a });
      },
      on(ev, fn) {
        if (!handlers[ev] || typeof fn != 'function') return warn('on: unknown event', ev);
        handlers[ev].push(fn);
        if (ev == 'ready' && ready) fn();
      },
    };
    const api = (cmd, ...args) => {
      try {
        if (commands.hasOwnProperty(cmd)) return commands[cmd](...args);
        warn('unknown command', cmd, '- commands:', Object.keys(commands).join());
      } catch (e) { warn(e); }
    };
    api.v = 1;
    const queued = (w.Comptoir && w.Comptoir.q) || [];
    w.Comptoir = api;
    for (const a of queued) api(...a);

    // <html>: no <body> yet when in <head>, and Turbo-like SPAs swap the body
    d.documentElement.appendChild(host);
    // returning shopper: the hidden iframe now, for unread badges
    try {
      if (localStorage.getItem(FLAG) == '1') d.readyState == 'complete' ? createFrame() : w.addEventListener('load', createFrame);
    } catch (e) { /* storage blocked */ }
  } catch (e) { warn(e); }
})();
