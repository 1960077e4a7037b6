import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { setupI18n } from '../shared/i18n.ts';
import { installAntdMobileReact19Renderer } from '../shared/antd-mobile-react19.ts';
import { App } from './App.tsx';
import './verify.css';

installAntdMobileReact19Renderer();

setupI18n('verify');

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
