import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import 'virtual:antd.css';
import { App, loadFirstScreen } from './App';

const container = document.getElementById('root');
if (!container) throw new Error('index.html has no #root element');
// English text is downloaded first when the user chose English on an earlier visit; the session and
// the first screen's page are waited for too, so the first render shows the page.
const session = await loadFirstScreen();
createRoot(container).render(
  <StrictMode>
    <App session={session} />
  </StrictMode>,
);
