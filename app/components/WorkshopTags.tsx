import { useT } from '~/i18n/intl'
import type { Audience, Topic } from '../../db/schema'

export function WorkshopTags({ topic, audiences }: { topic: Topic; audiences: Audience[] }) {
  const t = useT()
  return (
    <ul className="tags">
      <li className={`tag tag--topic tag--${topic}`}>{t(`topic.${topic}`)}</li>
      {audiences.map((audience) => (
        <li key={audience} className="tag">
          {t(`audience.${audience}`)}
        </li>
      ))}
    </ul>
  )
}
