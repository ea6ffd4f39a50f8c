import { render } from 'preact';
import { App } from './components/App.js';
import './styles/base.css';
import './styles/app.css';
import './styles/compare.css';

render(<App />, document.getElementById('app')!);
