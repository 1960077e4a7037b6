import { StrictMode } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { unstableSetRender } from 'antd-mobile';
import { setupI18n } from '../shared/i18n.ts';
import { App } from './App.tsx';
import './verify.css';

// antd-mobile renders its imperative helpers through ReactDOM.render by default, which
// React 19 removed; give them a createRoot-based renderer (antd-mobile's React 19 guide).
unstableSetRender((node, container) => {
  const host = container as Element & { _jgRoot?: Root };
  host._jgRoot ??= createRoot(host);
  const root = host._jgRoot;
  root.render(node);
  return async () => {
    await new Promise((resolve) => setTimeout(resolve, 0));
    root.unmount();
    delete host._jgRoot;
  };
});

setupI18n('verify');

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
