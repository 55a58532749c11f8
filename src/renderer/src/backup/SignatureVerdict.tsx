import { Alert, Checkbox, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { BackupVerified } from '../../../shared/domain';
import { formatSize } from '../documents/format';
import { formatDateTime } from '../format/dates';
import { needsAcceptance, type SignatureSeen } from './restore-signature';

/**
 * Who signed a backup, said plainly: this vault (master key or a backup PC),
 * another vault, a signer nobody can place, or none; always with the
 * fingerprint to compare against the recovery key sheet. `verified` adds what
 * the check found (absent when only a refused restore said who signed).
 */
export function SignatureVerdict({ seen, verified }: { seen: SignatureSeen; verified: BackupVerified | null }) {
  const { t } = useTranslation();
  const trusted = !needsAcceptance(seen);
  const title =
    seen.signature === 'this-vault'
      ? seen.signedBy === 'master' || seen.signedBy === null
        ? t('backup.restore.signature.master')
        : t('backup.restore.signature.pc', { label: seen.signedBy })
      : t(`backup.restore.signature.${seen.signature}`);
  const summary = verified
    ? t(trusted ? 'backup.restore.verified' : 'backup.restore.verifiedUntrusted', {
        time: formatDateTime(verified.createdAt),
        count: verified.entries,
        size: formatSize(verified.bytes),
      })
    : null;

  return (
    <Alert
      type={trusted ? 'success' : 'warning'}
      showIcon
      data-testid="restore-verified"
      data-signature={seen.signature}
      title={title}
      style={{ marginTop: 12 }}
      description={
        <>
          {summary && <Typography.Paragraph style={{ marginBottom: 4 }}>{summary}</Typography.Paragraph>}
          <Typography.Paragraph style={{ marginBottom: 4 }}>{t(`backup.restore.signatureDetail.${seen.signature}`)}</Typography.Paragraph>
          {seen.fingerprint ? (
            <>
              <Typography.Text type="secondary">{t('backup.restore.fingerprint')}</Typography.Text>
              <div className="recovery-fingerprint" data-testid="restore-fingerprint">
                {seen.fingerprint}
              </div>
              <Typography.Text type="secondary">{t('backup.restore.fingerprintCompare')}</Typography.Text>
            </>
          ) : (
            <Typography.Text type="secondary">{t('backup.restore.noFingerprint')}</Typography.Text>
          )}
        </>
      }
    />
  );
}

/** For anything not signed by this vault: the warning, and the box the owner ticks to restore it anyway. */
export function RestoreAcceptance({ accepted, disabled, onChange }: { accepted: boolean; disabled: boolean; onChange: (accepted: boolean) => void }) {
  const { t } = useTranslation();
  return (
    <Alert
      type="error"
      showIcon
      data-testid="restore-acceptance"
      title={t('backup.restore.acceptTitle')}
      style={{ marginTop: 12 }}
      description={
        <>
          <Typography.Paragraph style={{ marginBottom: 8 }}>{t('backup.restore.acceptBody')}</Typography.Paragraph>
          <Checkbox checked={accepted} disabled={disabled} onChange={(e) => onChange(e.target.checked)}>
            {t('backup.restore.accept')}
          </Checkbox>
        </>
      }
    />
  );
}
