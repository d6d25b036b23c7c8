import { Form, Link, useLocation } from '@remix-run/react'
import { useT } from '~/i18n/intl'
import { AUDIT_ENTITY_TYPES, AUDIT_KINDS, type AuditFilterField, type AuditFilterValues } from '~/models/audit-filters'
import type { FieldErrors } from '~/utils/form-values'
import { SelectField } from './ChoiceFields'
import { ErrorSummary } from './FieldError'
import { TextField } from './TextField'

/** The audit log's filters: one GET form, so a URL shares the view and no JavaScript is needed. */
export function AuditFilterForm({ values, errors }: { values: AuditFilterValues; errors: FieldErrors<AuditFilterField> }) {
  const t = useT()
  const location = useLocation()
  const message = (field: AuditFilterField) => {
    const id = errors[field]
    return id ? t(id) : undefined
  }
  // A bad `before` has no field of its own: its message points at the list it pages.
  const summary = (['kind', 'action', 'actor', 'entityType', 'entityId', 'from', 'to', 'before'] as const).flatMap((f) => {
    const text = message(f)
    return text ? [{ field: f === 'before' ? 'audit-results' : f, message: text }] : []
  })
  const filtered = (['kind', 'action', 'actor', 'entityType', 'entityId', 'from', 'to'] as const).some((f) => values[f] !== '')
  return (
    // A new key per URL resets the fields to what the server read from it.
    <Form method="get" action="/admin/audit" className="filters audit-filters" key={location.search} noValidate>
      <ErrorSummary title={t('audit.error.summary')} errors={summary} />
      <h2>{t('audit.filters.heading')}</h2>
      <div className="filters__row">
        <SelectField
          name="kind"
          label={t('audit.filters.kind')}
          defaultValue={errors.kind ? 'all' : values.kind || 'all'}
          error={message('kind')}
          options={AUDIT_KINDS.map((kind) => ({ value: kind, label: t(`audit.kind.${kind}`) }))}
        />
        <TextField
          name="action"
          label={t('audit.filters.action')}
          hint={t('audit.filters.actionHint')}
          autoComplete="off"
          spellCheck={false}
          defaultValue={values.action}
          error={message('action')}
        />
        <TextField
          name="actor"
          label={t('audit.filters.actor')}
          hint={t('audit.filters.actorHint')}
          autoComplete="off"
          spellCheck={false}
          defaultValue={values.actor}
          error={message('actor')}
        />
      </div>
      <div className="filters__row">
        <SelectField
          name="entityType"
          label={t('audit.filters.entityType')}
          defaultValue={errors.entityType ? '' : values.entityType}
          error={message('entityType')}
          options={[
            { value: '', label: t('audit.filters.anyEntity') },
            ...AUDIT_ENTITY_TYPES.map((type) => ({ value: type, label: t(`audit.entity.${type}`) })),
          ]}
        />
        <TextField
          name="entityId"
          label={t('audit.filters.entityId')}
          hint={t('audit.filters.entityIdHint')}
          autoComplete="off"
          defaultValue={values.entityId}
          error={message('entityId')}
        />
        <TextField
          name="from"
          type="date"
          label={t('audit.filters.from')}
          hint={t('audit.filters.dateHint')}
          defaultValue={values.from}
          error={message('from')}
        />
        <TextField
          name="to"
          type="date"
          label={t('audit.filters.to')}
          hint={t('audit.filters.dateHint')}
          defaultValue={values.to}
          error={message('to')}
        />
      </div>
      <div className="filters__actions">
        <button type="submit" className="button">
          {t('audit.filters.submit')}
        </button>
        {filtered ? (
          <Link to="/admin/audit" className="filters__reset">
            {t('audit.filters.reset')}
          </Link>
        ) : null}
      </div>
    </Form>
  )
}
