import { createRoot, type Root } from 'react-dom/client';
import { unstableSetRender } from 'antd-mobile';

/**
 * antd-mobile renders its imperative helpers (Dialog, Toast, ActionSheet) through
 * ReactDOM.render by default, which React 19 removed; this gives them a createRoot-based
 * renderer (antd-mobile's React 19 guide). Call once, before the app renders.
 */
export function installAntdMobileReact19Renderer(): void {
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
}
