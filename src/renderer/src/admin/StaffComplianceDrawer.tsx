import { App as AntApp, Button, Checkbox, Descriptions, Divider, Drawer, Form, Input, List, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ErrorData, Result } from '../../../shared/errors';
import { localDay } from '../../../shared/staff-compliance';
import { useErrorText } from '../bridge/useErrorText';
import { useComplianceStore } from './compliance-store';
import { NdaStateTag } from './NdaStateTag';

interface NdaValues {
  signedOn: string;
  expiresOn: string;
  policyVersion?: string;
  withScan: boolean;
}

/** One person's agreements (with the signed scan), training sessions and policy acknowledgement, and forms to record each. */
export function StaffComplianceDrawer({ canRecord }: { canRecord: boolean }) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const errorText = useErrorText();
  const { detail, close, recordNda, recordTraining, acknowledge, saveScan } = useComplianceStore();
  const [ndaForm] = Form.useForm<NdaValues>();
  const [trainingForm] = Form.useForm<{ heldOn: string; topic: string; note?: string }>();
  const [ackForm] = Form.useForm<{ version: string; acknowledgedOn: string }>();
  const today = localDay(new Date());

  async function done(result: Result<{ cancelled?: boolean } | unknown>, key: 'nda' | 'training' | 'ack', reset: () => void) {
    if (!result.ok) {
      void message.error(errorText(result.error as ErrorData));
      return;
    }
    if ((result.data as { cancelled?: boolean } | null)?.cancelled) return;
    void message.success(t(`people.${key}.recorded`));
    reset();
  }

  if (!detail) return null;
  const staffId = detail.summary.staffId;
  const dateRule = { required: true, pattern: /^\d{4}-\d{2}-\d{2}$/, message: t('people.nda.dateRequired') };

  return (
    <Drawer open width={560} title={t('people.title', { name: detail.summary.name })} onClose={close} data-testid="staff-compliance-drawer" destroyOnHidden>
      <Space style={{ marginBottom: 12 }}>
        <NdaStateTag standing={detail.summary.standing} />
      </Space>
      <Typography.Title level={5}>{t('people.nda.title')}</Typography.Title>
      <List
        size="small"
        locale={{ emptyText: t('people.nda.none') }}
        dataSource={detail.ndas}
        renderItem={(n) => (
          <List.Item
            data-testid="nda-item"
            actions={
              n.scan
                ? [
                    <Button
                      key="scan"
                      size="small"
                      data-testid="nda-save-scan"
                      onClick={async () => {
                        const result = await saveScan(n.id);
                        if (!result.ok) void message.error(errorText(result.error));
                        else if (!result.data.cancelled) void message.success(t('people.nda.scanSaved', { path: result.data.path }));
                      }}
                    >
                      {t('people.nda.saveScan')}
                    </Button>,
                  ]
                : []
            }
          >
            <Descriptions size="small" column={1}>
              <Descriptions.Item label={t('people.nda.signedOn')}>{n.signedOn}</Descriptions.Item>
              <Descriptions.Item label={t('people.nda.expiresOn')}>{n.expiresOn}</Descriptions.Item>
              {n.policyVersion && <Descriptions.Item label={t('people.nda.policyVersion')}>{n.policyVersion}</Descriptions.Item>}
              {n.scan && <Descriptions.Item label={t('people.nda.scan')}>{n.scan.name}</Descriptions.Item>}
            </Descriptions>
          </List.Item>
        )}
      />
      {canRecord && (
        <Form
          form={ndaForm}
          layout="inline"
          initialValues={{ signedOn: today, withScan: true }}
          onFinish={async (v) => {
            if (v.expiresOn < v.signedOn) {
              void message.error(t('people.nda.expiresBeforeSigned'));
              return;
            }
            const result = await recordNda(staffId, { signedOn: v.signedOn, expiresOn: v.expiresOn, policyVersion: v.policyVersion?.trim() || null, pickScan: v.withScan });
            await done(result, 'nda', () => ndaForm.resetFields());
          }}
          style={{ rowGap: 8, marginTop: 8 }}
          data-testid="nda-form"
        >
          <Form.Item name="signedOn" label={t('people.nda.signedOn')} rules={[dateRule]}>
            <Input type="date" data-testid="nda-signed" />
          </Form.Item>
          <Form.Item name="expiresOn" label={t('people.nda.expiresOn')} rules={[dateRule]}>
            <Input type="date" data-testid="nda-expires" />
          </Form.Item>
          <Form.Item name="policyVersion" label={t('people.nda.policyVersion')}>
            <Input maxLength={40} style={{ width: 120 }} data-testid="nda-policy-version" />
          </Form.Item>
          <Form.Item name="withScan" valuePropName="checked">
            <Checkbox data-testid="nda-with-scan">{t('people.nda.withScan')}</Checkbox>
          </Form.Item>
          <Form.Item>
            <Button type="primary" htmlType="submit" data-testid="nda-record">
              {t('people.nda.record')}
            </Button>
          </Form.Item>
        </Form>
      )}
      <Divider />
      <Typography.Title level={5}>{t('people.training.title')}</Typography.Title>
      <List
        size="small"
        locale={{ emptyText: t('people.training.none') }}
        dataSource={detail.trainings}
        renderItem={(tr) => (
          <List.Item data-testid="training-item">
            <List.Item.Meta title={`${tr.heldOn} · ${tr.topic}`} description={tr.note || null} />
          </List.Item>
        )}
      />
      {canRecord && (
        <Form
          form={trainingForm}
          layout="inline"
          initialValues={{ heldOn: today }}
          onFinish={async (v) => done(await recordTraining(staffId, v.heldOn, v.topic.trim(), v.note?.trim() ?? ''), 'training', () => trainingForm.resetFields())}
          style={{ rowGap: 8, marginTop: 8 }}
          data-testid="training-form"
        >
          <Form.Item name="heldOn" label={t('people.training.heldOn')} rules={[dateRule]}>
            <Input type="date" data-testid="training-date" />
          </Form.Item>
          <Form.Item name="topic" label={t('people.training.topic')} rules={[{ required: true, whitespace: true, message: t('people.training.topicRequired') }]}>
            <Input maxLength={200} data-testid="training-topic" />
          </Form.Item>
          <Form.Item name="note" label={t('people.training.note')}>
            <Input.TextArea maxLength={2000} autoSize data-testid="training-note" />
          </Form.Item>
          <Form.Item>
            <Button htmlType="submit" data-testid="training-record">
              {t('people.training.record')}
            </Button>
          </Form.Item>
        </Form>
      )}
      <Divider />
      <Typography.Title level={5}>{t('people.ack.title')}</Typography.Title>
      <Typography.Paragraph data-testid="ack-state">
        {detail.ack ? `${detail.ack.version}（${detail.ack.acknowledgedOn}）` : t('people.ack.none')}
      </Typography.Paragraph>
      {canRecord && (
        <Form
          form={ackForm}
          layout="inline"
          initialValues={{ acknowledgedOn: today }}
          onFinish={async (v) => done(await acknowledge(staffId, v.version.trim(), v.acknowledgedOn), 'ack', () => ackForm.resetFields())}
          style={{ rowGap: 8 }}
        >
          <Form.Item name="version" label={t('people.ack.version')} rules={[{ required: true, whitespace: true, message: t('people.ack.version') }]}>
            <Input maxLength={40} style={{ width: 120 }} data-testid="ack-version" />
          </Form.Item>
          <Form.Item name="acknowledgedOn" label={t('people.ack.on')} rules={[dateRule]}>
            <Input type="date" data-testid="ack-date" />
          </Form.Item>
          <Form.Item>
            <Button htmlType="submit" data-testid="ack-record">
              {t('people.ack.record')}
            </Button>
          </Form.Item>
        </Form>
      )}
    </Drawer>
  );
}
