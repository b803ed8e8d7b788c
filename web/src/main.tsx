import { render } from 'preact';
import { App } from './app';
import { lang } from './i18n';
import './style.css';

document.documentElement.lang = lang();
render(<App />, document.getElementById('app')!);
// The moment the first screen can be used: read by the browser test, which
// reports it as "first interactive".
performance.mark('zapas-interactive');
