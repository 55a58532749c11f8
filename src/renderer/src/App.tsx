import { App as AntApp, Button, ConfigProvider, Result, Spin } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useErrorText } from './bridge/useErrorText';
import { MainLayout } from './shell/MainLayout';
import { StartPage } from './start/StartPage';
import { useVaultStore } from './stores/vault-store';

const THEME = {
  token: {
    colorPrimary: '#1f5fbf',
    borderRadius: 4,
    fontSize: 13,
    fontFamily:
      "-apple-system, 'Segoe UI', 'PingFang SC', 'Hiragino Sans GB', 'Microsoft YaHei', 'Noto Sans CJK SC', 'Source Han Sans SC', sans-serif",
  },
};

export function App() {
  const { i18n } = useTranslation();
  return (
    <ConfigProvider locale={i18n.language === 'en' ? enUS : zhCN} theme={THEME} componentSize="middle">
      <AntApp className="app-root">
        <Screen />
      </AntApp>
    </ConfigProvider>
  );
}

/** Which screen: the start page until the vault is unlocked and any recovery key acknowledged. */
function Screen() {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const { status, statusError, recoveryKey, refresh } = useVaultStore();

  useEffect(() => {
    if (!status && !statusError) void refresh();
  }, [status, statusError, refresh]);

  if (!status) {
    if (statusError) {
      return (
        <Result
          status="error"
          title={t('app.statusFailed')}
          subTitle={errorText(statusError)}
          extra={<Button onClick={() => void refresh()}>{t('app.retry')}</Button>}
        />
      );
    }
    return (
      <div className="splash">
        <Spin description={t('app.loading')} />
      </div>
    );
  }
  // Signed in with a reset's temporary password: the start page asks for their own before anything else.
  if (status.state !== 'unlocked' || recoveryKey || status.mustChangePassword) return <StartPage status={status} recoveryKey={recoveryKey} />;
  return <MainLayout staff={status.staff} />;
}
