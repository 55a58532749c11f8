import { Button, Progress, Spin, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useImportStore } from '../stores/import-store';

/** The running batch: a progress bar and 取消 for dropped files; a spinner while a dialog is open or main imports picked files. */
export function ImportProgress() {
  const { t } = useTranslation();
  const running = useImportStore((s) => s.running);
  const cancel = useImportStore((s) => s.cancel);
  if (!running) return null;
  if (running.mode !== 'drop') {
    return (
      <div className="import-progress" data-testid="import-progress">
        <Spin size="small" />
        <Typography.Text>{running.total === 0 ? t('importer.picking') : t('importer.importingPicked', { count: running.total })}</Typography.Text>
      </div>
    );
  }
  const percent = running.total === 0 ? 0 : Math.round((running.done / running.total) * 100);
  return (
    <div className="import-progress" data-testid="import-progress">
      <Typography.Text className="import-progress-label" ellipsis>
        {running.cancelling
          ? t('importer.cancelling')
          : t('importer.progress', { done: running.done, total: running.total, name: running.current ?? '' })}
      </Typography.Text>
      <Progress percent={percent} size="small" status={running.cancelling ? 'exception' : 'active'} className="import-progress-bar" />
      <Button size="small" onClick={cancel} disabled={running.cancelling}>
        {t('common.cancel')}
      </Button>
    </div>
  );
}
