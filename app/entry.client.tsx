import { RemixBrowser } from '@remix-run/react'
import { startTransition, StrictMode } from 'react'
import { hydrateRoot } from 'react-dom/client'
import { loadMessages, seedMessages } from './i18n/intl'
import { isLocale } from './i18n/locales'
import { readPageMessages } from './i18n/message-data'

for (const [locale, messages] of Object.entries(readPageMessages(document))) {
  if (isLocale(locale) && messages) seedMessages(locale, messages)
}

// Someone about to click or type may be about to need a message this page did not show: the
// rest of the language starts loading then, and is usually in before the next render asks.
const lang = document.documentElement.lang
for (const event of ['pointerdown', 'keydown', 'focusin'] as const) {
  addEventListener(event, () => isLocale(lang) && void loadMessages(lang), { once: true, passive: true })
}

startTransition(() => {
  hydrateRoot(
    document,
    <StrictMode>
      <RemixBrowser />
    </StrictMode>,
  )
})
