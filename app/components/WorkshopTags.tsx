import { useT } from '~/i18n/intl'
import type { Audience, Topic } from '~/models/vocabulary'

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
