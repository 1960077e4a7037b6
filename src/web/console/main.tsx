import { createRoot } from 'react-dom/client';
import { setupI18n } from '../shared/i18n.ts';
import { ConsoleApp } from './app.tsx';

setupI18n('console');

createRoot(document.getElementById('root')!).render(<ConsoleApp />);
