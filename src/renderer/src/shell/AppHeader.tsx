import { AlertOutlined, AuditOutlined, CloudServerOutlined, SafetyCertificateOutlined, TeamOutlined, LockOutlined, SettingOutlined, UserOutlined } from '@ant-design/icons';
import { App as AntApp, Button, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SessionStaff } from '../../../shared/domain';
import { can } from '../../../shared/permissions';
import { useErrorText } from '../bridge/useErrorText';
import { lockShortcutLabel, useAppInfo } from '../settings/app-info';
import { useRouteStore } from '../stores/route-store';
import { useVaultStore } from '../stores/vault-store';
import { GlobalSearch } from './GlobalSearch';
import { IndexIndicator } from './IndexIndicator';
import { LanguageSwitch } from './LanguageSwitch';

export function AppHeader({ staff }: { staff: SessionStaff | null }) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const errorText = useErrorText();
  const lock = useVaultStore((s) => s.lock);
  const navigate = useRouteStore((s) => s.navigate);
  const onSettings = useRouteStore((s) => s.route.name === 'settings');
  const onBackup = useRouteStore((s) => s.route.name === 'backup');
  const onStaff = useRouteStore((s) => s.route.name === 'staff');
  const onAudit = useRouteStore((s) => s.route.name === 'audit');
  const onAlerts = useRouteStore((s) => s.route.name === 'alerts');
  const onCredentials = useRouteStore((s) => s.route.name === 'credentials');
  // Main intercepts the shortcut itself (the page never binds it); the button only names it.
  const shortcut = lockShortcutLabel(useAppInfo()?.platform);
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
        <Typography.Text strong className="app-header-name" style={{ whiteSpace: 'nowrap' }}>
          {t('app.name')}
        </Typography.Text>
        <nav className="app-nav" style={{ display: 'flex', whiteSpace: 'nowrap' }}>
          <Button type="text" className={`app-nav-item${onSettings || onBackup || onStaff || onAudit || onAlerts || onCredentials ? '' : ' app-nav-item-active'}`} onClick={() => navigate({ name: 'clients' })}>
            {t('shell.nav.clients')}
          </Button>
          {staff && can(staff.role, 'cred.list', { granted: true }) && (
            <Button
              type="text"
              icon={<SafetyCertificateOutlined />}
              className={`app-nav-item${onCredentials ? ' app-nav-item-active' : ''}`}
              onClick={() => navigate({ name: 'credentials' })}
              data-testid="nav-credentials"
            >
              {t('cred.nav')}
            </Button>
          )}
          {staff && can(staff.role, 'backup.create', { granted: false }) && (
            <Button
              type="text"
              icon={<CloudServerOutlined />}
              className={`app-nav-item${onBackup ? ' app-nav-item-active' : ''}`}
              onClick={() => navigate({ name: 'backup' })}
              data-testid="nav-backup"
            >
              {t('backup.nav')}
            </Button>
          )}
          {staff && can(staff.role, 'staff.manage', { granted: false }) && (
            <Button type="text" icon={<TeamOutlined />} className={`app-nav-item${onStaff ? ' app-nav-item-active' : ''}`} onClick={() => navigate({ name: 'staff' })} data-testid="nav-staff">
              {t('admin.nav.staff')}
            </Button>
          )}
          {staff && can(staff.role, 'audit.view', { granted: false }) && (
            <Button type="text" icon={<AuditOutlined />} className={`app-nav-item${onAudit ? ' app-nav-item-active' : ''}`} onClick={() => navigate({ name: 'audit' })} data-testid="nav-audit">
              {t('admin.nav.audit')}
            </Button>
          )}
          {staff && can(staff.role, 'alerts.manage', { granted: false }) && (
            <Button type="text" icon={<AlertOutlined />} className={`app-nav-item${onAlerts ? ' app-nav-item-active' : ''}`} onClick={() => navigate({ name: 'alerts' })} data-testid="nav-alerts">
              {t('alerts.nav')}
            </Button>
          )}
          <Button
            type="text"
            icon={<SettingOutlined />}
            className={`app-nav-item${onSettings ? ' app-nav-item-active' : ''}`}
            onClick={() => navigate({ name: 'settings' })}
            data-testid="nav-settings"
          >
            {t('settings.nav')}
          </Button>
        </nav>
      </div>
      <GlobalSearch />
      <Space size="middle">
        <IndexIndicator />
        <LanguageSwitch />
        {staff && (
          <span className="app-header-staff" style={{ whiteSpace: 'nowrap' }} data-testid="current-staff" title={t('shell.signedInAs')}>
            <UserOutlined /> <span>{staff.name}</span> <Tag variant="filled">{t(`roles.${staff.role}`)}</Tag>
          </span>
        )}
        <Button
          icon={<LockOutlined />}
          onClick={() => void onLock()}
          loading={locking}
          title={t('lock.buttonTitle', { shortcut })}
          aria-keyshortcuts={shortcut === '⌘L' ? 'Meta+L' : 'Control+L'}
          data-testid="lock-button"
        >
          {t('shell.lock')}
          <kbd className="lock-shortcut" aria-hidden="true">
            {shortcut}
          </kbd>
        </Button>
      </Space>
    </header>
  );
}
