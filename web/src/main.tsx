import { render } from 'preact';
import { App } from './app';
import { lang } from './i18n';
import './style.css';

document.documentElement.lang = lang();
render(<App />, document.getElementById('app')!);
// The service worker keeps the app and the last master data and stock, so a
// page reloaded without a connection still opens (public/sw.js).
if ('serviceWorker' in navigator) void navigator.serviceWorker.register('/sw.js').catch(() => undefined);
// The moment the first screen can be used: read by the browser test, which
// reports it as "first interactive".
performance.mark('zapas-interactive');
