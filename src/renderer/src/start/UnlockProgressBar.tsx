import { Progress, Typography } from 'antd';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { UnlockProgress } from '../../../shared/domain';
import { useVaultStore } from '../stores/vault-store';

function phaseLabel(t: TFunction, phase: UnlockProgress['phase']): string {
  switch (phase) {
    case 'upgrade':
      return t('unlock.progress.upgrade');
    case 'view':
      return t('unlock.progress.view');
    default: {
      const unreachable: never = phase;
      return unreachable;
    }
  }
}

/** Under the unlock form while a long unlock runs (main reports progress only for the long parts). */
export function UnlockProgressBar() {
  const { t } = useTranslation();
  const progress = useVaultStore((s) => s.unlockProgress);
  if (!progress) return null;
  const percent = progress.total > 0 ? Math.min(100, Math.floor((progress.done / progress.total) * 100)) : 0;
  return (
    <div className="unlock-progress" data-testid="unlock-progress" data-phase={progress.phase} role="status">
      <Typography.Text>{phaseLabel(t, progress.phase)}</Typography.Text>
      <Progress percent={percent} size="small" status="active" />
      <Typography.Text type="secondary">{t('unlock.progress.hint')}</Typography.Text>
    </div>
  );
}
