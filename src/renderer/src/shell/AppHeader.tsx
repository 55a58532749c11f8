import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { App as AntApp, Button, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SessionStaff } from '../../../shared/domain';
import { useErrorText } from '../bridge/useErrorText';
import { useRouteStore } from '../stores/route-store';
import { useVaultStore } from '../stores/vault-store';
import { GlobalSearch } from './GlobalSearch';
import { LanguageSwitch } from './LanguageSwitch';

export function AppHeader({ staff }: { staff: SessionStaff | null }) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const errorText = useErrorText();
  const lock = useVaultStore((s) => s.lock);
  const navigate = useRouteStore((s) => s.navigate);
  const [locking, setLocking] = useState(false);

  async function onLock() {
    setLocking(true);
    const failure = await lock();
    // On success this header is already gone; on failure it may still be shown.
    setLocking(false);
    if (failure) void message.warning(`${t('shell.lockFailed')} ${errorText(failure)}`);
  }

  return (
    <header className="app-header">
      <div className="app-header-left">
        <span className="brand-mark brand-mark-small">{t('app.mark')}</span>
        <Typography.Text strong className="app-header-name">
          {t('app.name')}
        </Typography.Text>
        <nav className="app-nav">
          <Button type="text" className="app-nav-item app-nav-item-active" onClick={() => navigate({ name: 'clients' })}>
            {t('shell.nav.clients')}
          </Button>
        </nav>
      </div>
      <GlobalSearch />
      <Space size="middle">
        <LanguageSwitch />
        {staff && (
          <span className="app-header-staff" data-testid="current-staff" title={t('shell.signedInAs')}>
            <UserOutlined /> <span>{staff.name}</span> <Tag variant="filled">{t(`roles.${staff.role}`)}</Tag>
          </span>
        )}
        <Button icon={<LockOutlined />} onClick={() => void onLock()} loading={locking}>
          {t('shell.lock')}
        </Button>
      </Space>
    </header>
  );
}
