import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import 'virtual:antd.css';
import { App } from './App';
import { loadStoredLanguage } from './i18n';

const container = document.getElementById('root');
if (!container) throw new Error('index.html has no #root element');
// English text is downloaded first when the user chose English on an earlier visit.
await loadStoredLanguage();
createRoot(container).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
