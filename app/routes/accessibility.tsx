import type { MetaFunction } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { AccessibilityStatement } from '~/components/AccessibilityStatement'
import { translator } from '~/i18n/intl'
import { localeFromMatches, pageMeta } from '~/utils/meta'
import { accessibilityStatementView } from '~/web/accessibility-statement.server'

/*
 * The accessibility statement at an English address. Like every page it speaks the visitor's
 * language (the switcher, then the browser's), so /pristupnost and /accessibility show the
 * same statement; the footer links the one that reads naturally in the page's language.
 */
export const loader = () => accessibilityStatementView()

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, translator(localeFromMatches(matches))('a11y.title'))

export default function AccessibilityStatementPage() {
  return <AccessibilityStatement {...useLoaderData<typeof loader>()} />
}

export { ErrorBoundary } from '~/components/RouteErrorBoundary'
