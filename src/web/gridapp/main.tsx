import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { GridAppProvider } from './state';
import './style.css';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <GridAppProvider>
      <App />
    </GridAppProvider>
  </StrictMode>,
);

// The service worker keeps the app shell so the app opens with no network.
if ('serviceWorker' in navigator && import.meta.env.PROD) {
  void navigator.serviceWorker.register('/m/sw.js', { scope: '/m/' }).catch((error: unknown) => {
    console.warn('service worker not registered', error);
  });
}
