import { useTranslation } from 'react-i18next';
import { typeNameOf } from './type-names';

/** A document's type in words, in the current language. */
export function useTypeName(name: string, mime: string): string {
  const { t } = useTranslation();
  const { key, ext } = typeNameOf(name, mime);
  switch (key) {
    case 'word':
      return t('preview.types.word');
    case 'wordLegacy':
      return t('preview.types.wordLegacy');
    case 'excel':
      return t('preview.types.excel');
    case 'excelLegacy':
      return t('preview.types.excelLegacy');
    case 'powerpoint':
      return t('preview.types.powerpoint');
    case 'wps':
      return t('preview.types.wps');
    case 'archive':
      return t('preview.types.archive');
    case 'ofd':
      return t('preview.types.ofd');
    case 'pdf':
      return t('preview.types.pdf');
    case 'image':
      return t('preview.types.image');
    case 'text':
      return t('preview.types.text');
    case 'audio':
      return t('preview.types.audio');
    case 'video':
      return t('preview.types.video');
    case 'xml':
      return t('preview.types.xml');
    case 'extension':
      return t('preview.types.extension', { ext });
    case 'unknown':
      return t('preview.types.unknown');
    default: {
      const unreachable: never = key;
      return unreachable;
    }
  }
}
