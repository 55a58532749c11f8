import { FolderOutlined } from '@ant-design/icons';
import { Typography } from 'antd';
import { useTranslation } from 'react-i18next';

export function VaultLocation({ path }: { path: string }) {
  const { t } = useTranslation();
  return (
    <div className="vault-location" data-testid="vault-location">
      <Typography.Text type="secondary">
        <FolderOutlined /> {t('vaultLocation.label')}
      </Typography.Text>
      <Typography.Text code copyable={{ text: path }} className="vault-location-path">
        {path}
      </Typography.Text>
      <div>
        <Typography.Text type="secondary">{t('vaultLocation.hint')}</Typography.Text>
      </div>
    </div>
  );
}
