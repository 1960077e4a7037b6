import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { VitePWA } from 'vite-plugin-pwa';
import { fileURLToPath } from 'node:url';

const web = (p: string) => fileURLToPath(new URL(`./src/web/${p}`, import.meta.url));

/**
 * Three single-page apps from one build: the citizen PWA at `/`, the staff console at
 * `/console/`, the verifier at `/verify/`. Output goes to dist/web, which the server serves.
 */
export default defineConfig({
  root: web(''),
  publicDir: web('public'),
  plugins: [
    react(),
    VitePWA({
      registerType: 'autoUpdate',
      injectRegister: 'script-defer',
      manifest: {
        name: '交管 Jiaoguan',
        short_name: '交管',
        description: '交通管理便民服务 · Traffic-management citizen services',
        lang: 'zh-CN',
        start_url: '/',
        scope: '/',
        display: 'standalone',
        background_color: '#ffffff',
        theme_color: '#1677ff',
        icons: [
          { src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png' },
          { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png' },
          { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        ],
      },
      workbox: {
        navigateFallback: '/index.html',
        // Server-rendered pages (the sandbox cashier, printable receipts) must reach the server, not the app shell.
        navigateFallbackDenylist: [/^\/api\//, /^\/console/, /^\/verify/, /^\/\.well-known\//, /^\/healthz/, /^\/readyz/, /^\/metrics/, /^\/sandbox-pay\//, /^\/receipts\//],
        // The verifier must open offline at the roadside: its navigations go to the network and,
        // when that fails, to its own precached page (not the citizen app's index.html).
        runtimeCaching: [
          {
            urlPattern: ({ request, url }) => request.mode === 'navigate' && /^\/verify(\/|$)/.test(url.pathname),
            handler: 'NetworkOnly',
            options: { precacheFallback: { fallbackURL: '/verify/index.html' } },
          },
        ],
        globPatterns: ['**/*.{js,css,html,png,svg,woff2}'],
        maximumFileSizeToCacheInBytes: 5 * 1024 * 1024,
      },
    }),
  ],
  build: {
    outDir: fileURLToPath(new URL('./dist/web', import.meta.url)),
    emptyOutDir: true,
    chunkSizeWarningLimit: 2000,
    rollupOptions: {
      input: {
        citizen: web('index.html'),
        console: web('console/index.html'),
        verify: web('verify/index.html'),
      },
    },
  },
  server: {
    proxy: { '/api': 'http://127.0.0.1:3000', '/.well-known': 'http://127.0.0.1:3000' },
  },
});
