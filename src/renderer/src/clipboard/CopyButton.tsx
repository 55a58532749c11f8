import { CopyOutlined } from '@ant-design/icons';
import { Button } from 'antd';
import { useTranslation } from 'react-i18next';
import { CLIPBOARD_CLEAR_SECONDS } from '../../../shared/domain';
import './clipboard.css';
import { useClipboardCopy } from './useClipboardCopy';

/** 复制 next to a vault value: copied through main, cleared from the clipboard again after a while. */
export function CopyButton({ text, testId }: { text: string; testId?: string }) {
  const { t } = useTranslation();
  const { copy, busy } = useClipboardCopy();
  return (
    <Button
      type="link"
      size="small"
      className="copy-button"
      icon={<CopyOutlined />}
      loading={busy}
      onClick={() => void copy(text)}
      title={t('clipboard.copyTitle', { seconds: CLIPBOARD_CLEAR_SECONDS })}
      data-testid={testId}
    >
      {t('clipboard.copy')}
    </Button>
  );
}
