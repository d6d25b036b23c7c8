import { feedbackExportLoader } from '~/web/export-routes.server'

export const loader = feedbackExportLoader('session', 'csv')
