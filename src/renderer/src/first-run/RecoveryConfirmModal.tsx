import { FileSearchOutlined } from '@ant-design/icons';
import { Alert, Button, Form, Input, Modal, Space, Typography } from 'antd';
import type { CSSProperties } from 'react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ErrorData } from '../../../shared/errors';
import { RECOVERY_TAIL_LENGTH } from '../../../shared/first-run';
import { useFirstRunStore } from './first-run-store';
import { useConfirmErrorText } from './useConfirmErrorText';

/** Shown as dots, like a password field; never autocompleted or spell-checked. */
const MASKED = { WebkitTextSecurity: 'disc' } as CSSProperties;

/**
 * 确认恢复密钥: the whole key (pasted, typed in groups, or read by main from
 * the sheet's PDF or a key file), or right after creation its last characters.
 */
export function RecoveryConfirmModal({ open, tailCheck, onClose }: { open: boolean; tailCheck: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const confirmErrorText = useConfirmErrorText();
  const confirm = useFirstRunStore((s) => s.confirm);
  const confirmFromFile = useFirstRunStore((s) => s.confirmFromFile);
  const [form] = Form.useForm<{ text: string }>();
  const [working, setWorking] = useState(false);
  const [error, setError] = useState<ErrorData | null>(null);

  async function run(action: () => Promise<ErrorData | null>) {
    setWorking(true);
    setError(null);
    const failure = await action();
    setWorking(false);
    if (failure) setError(failure);
    else if (useFirstRunStore.getState().view?.recoveryKey) {
      form.resetFields();
      onClose();
    }
  }

  async function submit() {
    const { text } = await form.validateFields();
    await run(() => confirm(text));
  }

  return (
    <Modal
      open={open}
      title={t('firstRun.confirm.title')}
      onCancel={onClose}
      destroyOnHidden
      footer={
        <Space>
          <Button icon={<FileSearchOutlined />} onClick={() => void run(confirmFromFile)} disabled={working}>
            {t('firstRun.confirm.fromFile')}
          </Button>
          <Button type="primary" onClick={() => void submit()} loading={working}>
            {t('firstRun.confirm.submit')}
          </Button>
        </Space>
      }
    >
      <div data-testid="recovery-confirm-modal">
        <Typography.Paragraph type="secondary">{tailCheck ? t('firstRun.confirm.tailIntro', { count: RECOVERY_TAIL_LENGTH }) : t('firstRun.confirm.intro')}</Typography.Paragraph>
        <Form form={form} layout="vertical" requiredMark={false} disabled={working} onFinish={() => void submit()}>
          <Form.Item
            name="text"
            label={tailCheck ? t('firstRun.confirm.tailLabel', { count: RECOVERY_TAIL_LENGTH }) : t('firstRun.confirm.label')}
            extra={t('firstRun.confirm.fromFileHelp')}
            rules={[{ required: true, whitespace: true, message: t('firstRun.confirm.required') }]}
          >
            <Input.TextArea rows={2} className="mono" style={MASKED} placeholder={t('firstRun.confirm.placeholder')} autoComplete="off" spellCheck={false} data-testid="recovery-confirm-input" />
          </Form.Item>
        </Form>
        {error && <Alert type="error" showIcon role="alert" data-testid="recovery-confirm-error" title={confirmErrorText(error)} />}
      </div>
    </Modal>
  );
}
