import { Alert, App as AntApp, Button, Checkbox, Form, Modal, Select, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { OffboardResult, StaffInfo } from '../../../shared/access';
import { useErrorText } from '../bridge/useErrorText';
import { OffboardCredentials } from './OffboardCredentials';
import { summarizeAccess } from './offboard-summary';
import { useStaffStore } from './staff-store';
import { formatDate } from '../format/dates';

interface Props {
  /** Whom to offboard; null keeps the modal closed. */
  person: StaffInfo | null;
  /** Active colleagues who can take over the person's clients. */
  colleagues: StaffInfo[];
  onClose: () => void;
}

/** 离职: pick a handover colleague, confirm the warning, then show what the person accessed and where the PDF went. */
export function OffboardModal({ person, colleagues, onClose }: Props) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const errorText = useErrorText();
  const offboard = useStaffStore((s) => s.offboard);
  const [handoverToId, setHandoverToId] = useState<string | null>(null);
  const [saveReport, setSaveReport] = useState(true);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<OffboardResult | null>(null);

  function close() {
    setHandoverToId(null);
    setSaveReport(true);
    setResult(null);
    onClose();
  }

  async function confirm() {
    if (!person || !handoverToId) return;
    setBusy(true);
    const done = await offboard(person.id, handoverToId, saveReport);
    setBusy(false);
    if (done.ok) setResult(done.data);
    else void message.error(errorText(done.error));
  }

  const handover = colleagues.find((c) => c.id === handoverToId) ?? null;

  if (result) {
    const { report, reportPath } = result;
    const summary = summarizeAccess(report.accessed);
    return (
      <Modal
        open={person !== null}
        title={t('admin.offboard.doneTitle', { name: report.staff.name })}
        onCancel={close}
        footer={<Button type="primary" onClick={close}>{t('admin.offboard.close')}</Button>}
        width={640}
        data-testid="offboard-result"
      >
        <Typography.Paragraph data-testid="offboard-summary">
          {t('admin.offboard.summary', { since: formatDate(report.since), clients: summary.clients, documents: summary.documents, events: report.accessed.length })}
        </Typography.Paragraph>
        <Typography.Paragraph>{t('admin.offboard.revoked', { count: report.revokedClients.length })}</Typography.Paragraph>
        <Typography.Paragraph>{t('admin.offboard.handedOver', { to: report.handoverTo.name, count: report.handedOverClients.length })}</Typography.Paragraph>
        {report.masterKeyReplaced && <Alert type="info" showIcon title={t('admin.offboard.masterKeyReplaced')} style={{ marginBottom: 12 }} />}
        <OffboardCredentials credentials={report.credentialsToRotate ?? []} />
        <Alert
          type={reportPath ? 'success' : 'warning'}
          showIcon
          data-testid="offboard-report-path"
          title={reportPath ? t('admin.offboard.savedTo', { path: reportPath }) : t('admin.offboard.notSaved')}
        />
      </Modal>
    );
  }

  return (
    <Modal
      open={person !== null}
      title={t('admin.offboard.title', { name: person?.name ?? '' })}
      okText={t('admin.offboard.confirm')}
      okButtonProps={{ danger: true, disabled: handoverToId === null }}
      cancelText={t('common.cancel')}
      onCancel={close}
      onOk={() => void confirm()}
      confirmLoading={busy}
      destroyOnHidden
      data-testid="offboard-modal"
    >
      <Form layout="vertical">
        <Form.Item label={t('admin.offboard.handover')} required>
          <Select<string>
            value={handoverToId ?? undefined}
            placeholder={t('admin.offboard.handoverRequired')}
            onChange={setHandoverToId}
            data-testid="offboard-handover"
            options={colleagues.map((c) => ({ value: c.id, label: `${c.name}（${t(`roles.${c.role}`)}）` }))}
          />
        </Form.Item>
        <Form.Item>
          <Checkbox checked={saveReport} onChange={(e) => setSaveReport(e.target.checked)}>
            {t('admin.offboard.saveReport')}
          </Checkbox>
        </Form.Item>
      </Form>
      <Alert
        type="warning"
        showIcon
        data-testid="offboard-warning"
        title={handover ? t('admin.offboard.warning', { to: handover.name }) : t('admin.offboard.warningNoPick')}
      />
    </Modal>
  );
}
