/**
 * The school console (issue 13): React for a data-heavy admin app a small team keeps for years (one
 * component model, typed props, the widest pool of maintainers and accessible widgets), TanStack Query for
 * the server's state, openapi-fetch for typed calls. The portal's design system (its stylesheet) is shared,
 * so both apps look and behave alike.
 */
import '@hocba/portal/style.css';
import './console.css';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';

const queries = new QueryClient({ defaultOptions: { queries: { retry: 1, staleTime: 30_000 } } });

createRoot(document.getElementById('app')!).render(
  <StrictMode>
    <QueryClientProvider client={queries}>
      <App />
    </QueryClientProvider>
  </StrictMode>,
);
