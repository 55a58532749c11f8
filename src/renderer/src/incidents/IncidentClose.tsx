import { App as AntApp, Button, Card, Descriptions, Form, Input } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { IncidentDetail } from '../../../shared/incidents';
import { useErrorText } from '../bridge/useErrorText';
import { useIncidentsStore } from './incidents-store';

/** Closing with a cause and lessons learned; a closed incident shows them and nothing can change it. */
export function IncidentClose({ incident, format }: { incident: IncidentDetail; format: (iso: string) => string }) {
  const { t } = useTranslation();
  const { message, modal } = AntApp.useApp();
  const errorText = useErrorText();
  const close = useIncidentsStore((s) => s.close);
  const [cause, setCause] = useState('');
  const [lessons, setLessons] = useState('');

  if (incident.closure) {
    const c = incident.closure;
    return (
      <Card size="small" title={t('incidents.close.title')} data-testid="incident-closure">
        <Descriptions size="small" column={1}>
          <Descriptions.Item label={t('incidents.close.cause')}>{c.cause}</Descriptions.Item>
          <Descriptions.Item label={t('incidents.close.lessons')}>{c.lessons}</Descriptions.Item>
        </Descriptions>
        {t('incidents.close.closedBy', { name: c.staffName, at: format(c.at) })}
      </Card>
    );
  }

  function onClose() {
    if (!cause.trim() || !lessons.trim()) {
      void message.warning(t('incidents.close.required'));
      return;
    }
    void modal.confirm({
      title: t('incidents.close.confirm'),
      okText: t('incidents.confirm'),
      cancelText: t('incidents.cancel'),
      onOk: async () => {
        const result = await close(incident.id, cause.trim(), lessons.trim());
        if (!result.ok) void message.error(errorText(result.error));
        else void message.success(t('incidents.close.done'));
      },
    });
  }

  return (
    <Card size="small" title={t('incidents.close.title')}>
      <Form layout="vertical">
        <Form.Item label={t('incidents.close.cause')} required>
          <Input.TextArea value={cause} maxLength={2000} rows={2} onChange={(e) => setCause(e.target.value)} data-testid="incident-close-cause" />
        </Form.Item>
        <Form.Item label={t('incidents.close.lessons')} required>
          <Input.TextArea value={lessons} maxLength={4000} rows={3} onChange={(e) => setLessons(e.target.value)} data-testid="incident-close-lessons" />
        </Form.Item>
        <Button danger onClick={onClose} data-testid="incident-close">
          {t('incidents.close.submit')}
        </Button>
      </Form>
    </Card>
  );
}
