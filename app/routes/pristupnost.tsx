import type { MetaFunction } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { AccessibilityStatement } from '~/components/AccessibilityStatement'
import { translator } from '~/i18n/intl'
import { localeFromMatches, pageMeta } from '~/utils/meta'
import { accessibilityStatementView } from '~/web/accessibility-statement.server'

/** The accessibility statement at the address Czech public-sector sites use; /accessibility is the same page. */
export const loader = () => accessibilityStatementView()

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, translator(localeFromMatches(matches))('a11y.title'))

export default function AccessibilityStatementPage() {
  return <AccessibilityStatement {...useLoaderData<typeof loader>()} />
}

export { ErrorBoundary } from '~/components/RouteErrorBoundary'
