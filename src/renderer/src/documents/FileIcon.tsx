import {
  FileExcelOutlined,
  FileImageOutlined,
  FileOutlined,
  FilePdfOutlined,
  FileTextOutlined,
  FileWordOutlined,
  FileZipOutlined,
} from '@ant-design/icons';
import { fileKind, type FileKind } from './format';

const ICONS: Record<FileKind, { icon: typeof FileOutlined; color: string }> = {
  pdf: { icon: FilePdfOutlined, color: '#d4380d' },
  image: { icon: FileImageOutlined, color: '#08979c' },
  csv: { icon: FileExcelOutlined, color: '#389e0d' },
  sheet: { icon: FileExcelOutlined, color: '#389e0d' },
  text: { icon: FileTextOutlined, color: '#595959' },
  word: { icon: FileWordOutlined, color: '#1d39c4' },
  archive: { icon: FileZipOutlined, color: '#874d00' },
  other: { icon: FileOutlined, color: '#8c8c8c' },
};

export function FileIcon({ mime, size = 16 }: { mime: string; size?: number }) {
  const { icon: Icon, color } = ICONS[fileKind(mime)];
  return <Icon style={{ color, fontSize: size }} />;
}
