import { Typography } from 'antd';
import type { CSSProperties, ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { DocBlock, DocInline, DocParagraph, DocTable, DocxModel } from '../../../shared/office-preview';
import './office-preview.css';

type Images = DocxModel['images'];

/**
 * A Word document drawn from main's model with React elements only: every text is a React
 * text node (escaped), pictures are the data: URLs main checked by their bytes, and nothing
 * else can load. Laid out as a page; printed as the page's content under the watermark.
 */
export function DocxPreview({ model }: { model: DocxModel }) {
  const { t } = useTranslation();
  return (
    <div className="docx-preview" data-testid="docx-preview">
      <article className="docx-page">
        {model.blocks.length === 0 ? <Typography.Text type="secondary">{t('preview.office.emptyDocument')}</Typography.Text> : <Blocks blocks={model.blocks} images={model.images} />}
      </article>
      {model.truncated && (
        <Typography.Text className="docx-note" data-testid="docx-truncated">
          {t('preview.office.moreDocument')}
        </Typography.Text>
      )}
    </div>
  );
}

function Blocks({ blocks, images }: { blocks: DocBlock[]; images: Images }): ReactNode {
  return blocks.map((block, i) => (block.type === 'table' ? <Table key={i} table={block} images={images} /> : <Paragraph key={i} paragraph={block} images={images} />));
}

function Paragraph({ paragraph, images }: { paragraph: DocParagraph; images: Images }) {
  const style: CSSProperties = {};
  if (paragraph.align) style.textAlign = paragraph.align;
  if (paragraph.list) style.paddingLeft = `${1.6 + paragraph.list.level * 1.6}em`;
  const content = (
    <>
      {paragraph.list && <span className="docx-marker">{paragraph.list.marker}</span>}
      {paragraph.inlines.map((inline, i) => (
        <Inline key={i} inline={inline} images={images} />
      ))}
    </>
  );
  const className = paragraph.list ? 'docx-list-item' : undefined;
  switch (paragraph.heading) {
    case 1:
      return <h1 style={style} className={className}>{content}</h1>;
    case 2:
      return <h2 style={style} className={className}>{content}</h2>;
    case 3:
      return <h3 style={style} className={className}>{content}</h3>;
    case 4:
      return <h4 style={style} className={className}>{content}</h4>;
    case 5:
      return <h5 style={style} className={className}>{content}</h5>;
    case 6:
      return <h6 style={style} className={className}>{content}</h6>;
    default:
      return <p style={style} className={className}>{content}</p>;
  }
}

function Inline({ inline, images }: { inline: DocInline; images: Images }) {
  if ('image' in inline) {
    const image = images[inline.image];
    // Main only ever sends data:image/… URLs; anything else is not drawn.
    if (!image || !image.src.startsWith('data:image/')) return null;
    return <img className="docx-image" src={image.src} alt={image.alt} draggable={false} />;
  }
  const decorations = [inline.underline ? 'underline' : '', inline.strike ? 'line-through' : ''].filter(Boolean).join(' ');
  const style: CSSProperties = {};
  if (inline.bold) style.fontWeight = 700;
  if (inline.italic) style.fontStyle = 'italic';
  if (decorations) style.textDecoration = decorations;
  return inline.bold || inline.italic || decorations ? <span style={style}>{inline.text}</span> : <>{inline.text}</>;
}

function Table({ table, images }: { table: DocTable; images: Images }) {
  return (
    <table className="docx-table">
      <tbody>
        {table.rows.map((row, r) => (
          <tr key={r}>
            {row.map((cell, c) => (
              <td key={c} colSpan={cell.colSpan} rowSpan={cell.rowSpan}>
                <Blocks blocks={cell.blocks} images={images} />
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
