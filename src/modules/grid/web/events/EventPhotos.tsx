import { Image, Space } from 'antd';

/** The photos filed with an event (or a step), as thumbnails that open full size. */
export function EventPhotos({ ids, size = 72 }: { ids: readonly string[]; size?: number }) {
  if (ids.length === 0) return null;
  return (
    <Image.PreviewGroup>
      <Space size={8} wrap data-testid="event-photos">
        {ids.map((id) => (
          <Image
            key={id}
            src={`/api/files/${id}`}
            width={size}
            height={size}
            style={{ objectFit: 'cover', borderRadius: 4 }}
            alt=""
          />
        ))}
      </Space>
    </Image.PreviewGroup>
  );
}
