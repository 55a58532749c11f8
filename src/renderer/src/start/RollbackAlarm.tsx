import { Alert, Button, Typography } from 'antd';
import { useTranslation } from 'react-i18next';

/**
 * ROLLED_BACK: the vault is older than this person last saw it. Everyone is told to contact the owner;
 * the button to open it anyway is offered to all (the role is unknown before unlocking), and once main
 * has refused a confirmation only the owner-or-admin sentence remains.
 */
export function RollbackAlarm({ confirmRefused, onConfirm }: { confirmRefused: boolean; onConfirm: () => void }) {
  const { t } = useTranslation();
  return (
    <Alert
      type="error"
      showIcon
      role="alert"
      data-code="ROLLED_BACK"
      data-testid="rollback-alarm"
      style={{ marginBottom: 16 }}
      title={t('unlock.rollback.title')}
      description={
        <>
          <Typography.Paragraph style={{ marginBottom: 8 }}>{t('unlock.rollback.description')}</Typography.Paragraph>
          {confirmRefused ? (
            <Typography.Text strong data-testid="rollback-only-master">
              {t('unlock.rollback.onlyMaster')}
            </Typography.Text>
          ) : (
            <>
              <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
                {t('unlock.rollback.confirmHint')}
              </Typography.Paragraph>
              <Button danger onClick={onConfirm} data-testid="rollback-confirm">
                {t('unlock.rollback.confirm')}
              </Button>
            </>
          )}
        </>
      }
    />
  );
}
