import { App as AntApp, Form, Input, Modal, Select } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ASSIGNABLE_ROLES, type AssignableRole } from '../../../shared/access';
import type { Role } from '../../../shared/domain';
import { canManageRole } from '../../../shared/permissions';
import { useErrorText } from '../bridge/useErrorText';
import { useStaffStore } from './staff-store';

interface Values {
  name: string;
  role: AssignableRole;
  password: string;
  confirm: string;
}

interface Props {
  open: boolean;
  actorRole: Role;
  onClose: () => void;
  onAdded: () => void;
}

export function AddStaffModal({ open, actorRole, onClose, onAdded }: Props) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const errorText = useErrorText();
  const addStaff = useStaffStore((s) => s.add);
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);

  async function submit(values: Values) {
    setBusy(true);
    const added = await addStaff({ name: values.name.trim(), role: values.role, password: values.password });
    setBusy(false);
    if (!added.ok) {
      void message.error(errorText(added.error));
      return;
    }
    void message.success(t('admin.staff.added', { name: added.data.name }));
    onAdded();
  }

  return (
    <Modal
      open={open}
      title={t('admin.staff.add')}
      okText={t('admin.staff.add')}
      cancelText={t('common.cancel')}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={busy}
      destroyOnHidden
      data-testid="add-staff-modal"
    >
      <Form form={form} layout="vertical" preserve={false} onFinish={(v) => void submit(v)}>
        <Form.Item name="name" label={t('admin.staff.name')} rules={[{ required: true, whitespace: true, message: t('admin.staff.nameRequired') }]}>
          <Input maxLength={64} autoFocus autoComplete="off" />
        </Form.Item>
        <Form.Item name="role" label={t('admin.staff.role')} rules={[{ required: true, message: t('admin.staff.roleRequired') }]}>
          <Select<AssignableRole>
            data-testid="add-staff-role"
            options={ASSIGNABLE_ROLES.filter((r) => canManageRole(actorRole, r)).map((r) => ({ value: r, label: t(`roles.${r}`) }))}
          />
        </Form.Item>
        <Form.Item
          name="password"
          label={t('admin.staff.password')}
          extra={t('admin.staff.passwordHint')}
          rules={[{ required: true, min: 8, message: t('admin.staff.passwordTooShort') }]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item
          name="confirm"
          label={t('admin.staff.passwordConfirm')}
          dependencies={['password']}
          rules={[
            { required: true, message: t('admin.staff.passwordMismatch') },
            ({ getFieldValue }) => ({
              validator: (_, value) => (value === getFieldValue('password') ? Promise.resolve() : Promise.reject(new Error(t('admin.staff.passwordMismatch')))),
            }),
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
