import { Component, type ErrorInfo, type ReactNode } from 'react';
import { Button, ErrorBlock } from 'antd-mobile';
import { useTranslation } from 'react-i18next';

function ErrorScreen({ onRetry }: { onRetry: () => void }) {
  const { t } = useTranslation();
  return (
    <div className="jg-center jg-pad" role="alert">
      <ErrorBlock status="default" title={t('errors.crashTitle')} description={t('errors.crashBody')} />
      <Button color="primary" size="large" block onClick={onRetry} style={{ marginTop: 24 }}>
        {t('common.retry')}
      </Button>
    </div>
  );
}

interface State {
  error: unknown;
}

/**
 * Catches a screen that fails to render so the rest of the app keeps working, and offers a
 * retry that renders the screen again. `resetKey` (the route) clears the error on navigation.
 */
export class ErrorBoundary extends Component<{ children: ReactNode; resetKey?: string }, State & { key?: string }> {
  override state: State & { key?: string } = { error: null, key: this.props.resetKey };

  static getDerivedStateFromError(error: unknown): Partial<State> {
    return { error };
  }

  static getDerivedStateFromProps(props: { resetKey?: string }, state: State & { key?: string }) {
    return props.resetKey !== state.key ? { error: null, key: props.resetKey } : null;
  }

  override componentDidCatch(error: unknown, info: ErrorInfo) {
    // The console only: error reports must not carry personal data off the device.
    console.error('Screen failed to render', error, info.componentStack);
  }

  override render() {
    if (this.state.error) return <ErrorScreen onRetry={() => this.setState({ error: null })} />;
    return this.props.children;
  }
}
