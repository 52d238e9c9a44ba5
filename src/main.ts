import { mount } from 'svelte';
import App from './app/App.svelte';
import './app/app.css';

mount(App, { target: document.getElementById('app')! });

// Offline after the first visit (dist/sw.js, written at build). Not in development: Vite serves modules live.
if (import.meta.env.PROD && 'serviceWorker' in navigator) {
  navigator.serviceWorker.register('./sw.js').catch((e) => console.warn('offline mode unavailable:', e));
}
