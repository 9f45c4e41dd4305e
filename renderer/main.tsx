import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import './styles.css';
import { Root } from './App';

const el = document.getElementById('root');
if (el) {
  createRoot(el).render(
    <StrictMode>
      <Root />
    </StrictMode>,
  );
}
