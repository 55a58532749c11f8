import { AlertOutlined, AuditOutlined, FileProtectOutlined, CloudServerOutlined, SafetyCertificateOutlined, TeamOutlined, LockOutlined, SettingOutlined, UserOutlined } from '@ant-design/icons';
import { App as AntApp, Button, Space, Tag, Typography } from 'antd';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { SessionStaff } from '../../../shared/domain';
import { can } from '../../../shared/permissions';
import { useErrorText } from '../bridge/useErrorText';
import { lockShortcutLabel, useAppInfo } from '../settings/app-info';
import { useRouteStore } from '../stores/route-store';
import { useVaultStore } from '../stores/vault-store';
import { BackupAgeWarning } from '../first-run/BackupAgeWarning';
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
  const onIncidents = useRouteStore((s) => s.route.name === 'incidents');
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
        <Typography.Text strong className="app-header-name">
          {t('app.name')}
        </Typography.Text>
        <nav className="app-nav">
          <Button
            type="text"
            className={`app-nav-item${onSettings || onBackup || onStaff || onAudit || onAlerts || onIncidents || onCredentials ? '' : ' app-nav-item-active'}`}
            onClick={() => navigate({ name: 'clients' })}
            data-testid="nav-clients"
          >
            {t('shell.nav.clients')}
          </Button>
          {staff && can(staff.role, 'cred.list', { granted: true }) && (
            <NavItem label={t('cred.nav')} icon={<SafetyCertificateOutlined />} active={onCredentials} onClick={() => navigate({ name: 'credentials' })} testId="nav-credentials" />
          )}
          {staff && can(staff.role, 'backup.create', { granted: false }) && (
            <NavItem label={t('backup.nav')} icon={<CloudServerOutlined />} active={onBackup} onClick={() => navigate({ name: 'backup' })} testId="nav-backup" />
          )}
          {staff && can(staff.role, 'staff.manage', { granted: false }) && (
            <NavItem label={t('admin.nav.staff')} icon={<TeamOutlined />} active={onStaff} onClick={() => navigate({ name: 'staff' })} testId="nav-staff" />
          )}
          {staff && can(staff.role, 'audit.view', { granted: false }) && (
            <NavItem label={t('admin.nav.audit')} icon={<AuditOutlined />} active={onAudit} onClick={() => navigate({ name: 'audit' })} testId="nav-audit" />
          )}
          {staff && can(staff.role, 'alerts.manage', { granted: false }) && (
            <NavItem label={t('alerts.nav')} icon={<AlertOutlined />} active={onAlerts} onClick={() => navigate({ name: 'alerts' })} testId="nav-alerts" />
          )}
          {staff && can(staff.role, 'incidents.manage', { granted: false }) && (
            <NavItem label={t('incidents.nav')} icon={<FileProtectOutlined />} active={onIncidents} onClick={() => navigate({ name: 'incidents' })} testId="nav-incidents" />
          )}
          <NavItem label={t('settings.nav')} icon={<SettingOutlined />} active={onSettings} onClick={() => navigate({ name: 'settings' })} testId="nav-settings" />
        </nav>
      </div>
      <GlobalSearch />
      <Space size="middle" className="app-header-right">
        <BackupAgeWarning staff={staff} />
        <IndexIndicator />
        <LanguageSwitch />
        {staff && (
          <span className="app-header-staff" data-testid="current-staff" title={t('shell.signedInAs')}>
            <UserOutlined /> <span className="app-header-staff-name">{staff.name}</span>{' '}
            <Tag variant="filled" className="app-header-role">
              {t(`roles.${staff.role}`)}
            </Tag>
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

interface NavItemProps {
  label: string;
  icon: ReactNode;
  active: boolean;
  onClick: () => void;
  testId: string;
}

/** A section with an icon: on a narrow window only the icon shows (styles.css), so the name is also its title and accessible name. */
function NavItem({ label, icon, active, onClick, testId }: NavItemProps) {
  return (
    <Button type="text" icon={icon} className={`app-nav-item${active ? ' app-nav-item-active' : ''}`} onClick={onClick} title={label} aria-label={label} data-testid={testId}>
      <span className="app-nav-label">{label}</span>
    </Button>
  );
}
