import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { LICENCES, SCHOOL_LEVELS, VISIBILITIES } from '~/models/vocabulary'
import { Breadcrumbs } from '~/components/Breadcrumbs'
import { ChoiceGroup, SelectField } from '~/components/ChoiceFields'
import { TextField } from '~/components/TextField'
import { translator, useLocale, useT, type MessageId } from '~/i18n/intl'
import {
  createWorksheets,
  listWorkshopWorksheets,
  parseWorksheetMeta,
  replaceWorksheetFile,
  setWorksheetRemoved,
} from '~/models/worksheets.server'
import { parseId } from '~/utils/fields'
import { formatDateTime } from '~/utils/dates'
import { getDb } from '~/utils/db.server'
import { getEnv } from '~/utils/env.server'
import { readForm } from '~/web/forms.server'
import { localeFromMatches, pageMeta } from '~/utils/meta'
import { requireManagedWorkshop } from '~/web/guards.server'
import { receiveUpload, settleUpload } from '~/web/worksheet-upload.server'

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, translator(localeFromMatches(matches))('worksheets.manage'))
export const headers = () => ({ 'Cache-Control': 'no-store' })

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { workshop } = await requireManagedWorkshop(request, params.id)
  return {
    workshop: { id: workshop.id, title: workshop.title },
    worksheets: await listWorkshopWorksheets(getDb(), workshop.id),
    maxMb: getEnv().WORKSHEET_MAX_MB,
  }
}

type UploadValues = { title: string; description: string; licence: string; visibility: string; levels: string[] }
type ActionData = {
  error?: MessageId
  fileName?: string
  fieldErrors?: Partial<Record<string, MessageId>>
  /** What the organiser typed, shown again with the errors (a browser never keeps the files). */
  values?: UploadValues
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, workshop } = await requireManagedWorkshop(request, params.id)
  const now = new Date()
  const back = (done: string) => redirect(`/organiser/workshops/${workshop.id}/worksheets?done=${done}`, 303)
  if ((request.headers.get('content-type') ?? '').startsWith('multipart/form-data')) {
    const upload = await receiveUpload(request, { field: 'files', maxFiles: 10 })
    if (!upload.ok) return data<ActionData>({ error: upload.error, fileName: upload.fileName }, { status: upload.status })
    const fields = upload.fields
    return settleUpload<ReturnType<typeof data<ActionData>> | Response>(upload.files, async () => {
      if (fields.get('intent') === 'replace') {
        const worksheetId = parseId(String(fields.get('worksheetId') ?? ''))
        if (!worksheetId) return { kept: false, answer: data<ActionData>({ error: 'error.badRequest' }, { status: 400 }) }
        if (upload.files.length !== 1)
          return { kept: false, answer: data<ActionData>({ error: 'worksheets.error.replaceOne' }, { status: 400 }) }
        const result = await replaceWorksheetFile(getDb(), { worksheetId, file: upload.files[0]!, user, now })
        if (result.kind !== 'replaced') throw new Response(result.kind, { status: result.kind === 'forbidden' ? 403 : 404 })
        return { kept: true, answer: back('replaced') }
      }
      const values = {
        title: String(fields.get('title') ?? ''),
        description: String(fields.get('description') ?? ''),
        licence: String(fields.get('licence') ?? ''),
        visibility: String(fields.get('visibility') ?? ''),
        levels: fields.getAll('levels').map(String),
      }
      const meta = parseWorksheetMeta(values)
      if (!meta.ok) return { kept: false, answer: data<ActionData>({ fieldErrors: meta.errors, values }, { status: 400 }) }
      const result = await createWorksheets(getDb(), { workshopId: workshop.id, meta: meta.data, files: upload.files, user, now })
      if (result.kind !== 'created') throw new Response(result.kind, { status: result.kind === 'forbidden' ? 403 : 404 })
      return { kept: true, answer: back(`uploaded-${result.ids.length}`) }
    })
  }
  const form = await readForm(request)
  const worksheetId = parseId(String(form.get('worksheetId') ?? ''))
  const intent = form.get('intent')
  if (!worksheetId || (intent !== 'remove' && intent !== 'restore'))
    return data<ActionData>({ error: 'error.badRequest' }, { status: 400 })
  const result = await setWorksheetRemoved(getDb(), { worksheetId, removed: intent === 'remove', user, now })
  if (result.kind !== 'done') throw new Response(result.kind, { status: result.kind === 'forbidden' ? 403 : 404 })
  return back(intent)
}

function formatSize(bytes: number, locale: string) {
  const mb = bytes / 1024 / 1024
  return mb >= 1 ? `${mb.toLocaleString(locale, { maximumFractionDigits: 1 })} MB` : `${Math.max(1, Math.round(bytes / 1024))} kB`
}

export default function WorkshopWorksheets() {
  const { workshop, worksheets, maxMb } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>() as ActionData | undefined
  const [params] = useSearchParams()
  const t = useT()
  const locale = useLocale()
  const done = params.get('done')
  const typed = actionData?.values
  const fieldError = (f: string) => (actionData?.fieldErrors?.[f] ? t(actionData.fieldErrors[f]!) : undefined)
  return (
    <>
      <Breadcrumbs
        items={[
          { label: t('org.title'), to: '/organiser' },
          { label: workshop.title, to: `/organiser/workshops/${workshop.id}` },
          { label: t('worksheets.manage') },
        ]}
      />
      <h1>
        {t('worksheets.manage')}: {workshop.title}
      </h1>
      {done && !actionData ? (
        <p className="notice notice--success" role="status">
          {done.startsWith('uploaded-')
            ? t('worksheets.uploaded', { count: Number(done.slice(9)) })
            : done === 'replaced'
              ? t('worksheets.replaced')
              : t('worksheets.saved')}
        </p>
      ) : null}
      {actionData?.error ? (
        <p className="notice notice--warning" role="alert">
          {t(actionData.error, { name: actionData.fileName ?? '' })}
        </p>
      ) : null}

      {worksheets.length === 0 ? <p>{t('worksheets.none')}</p> : null}
      <ul className="session-list">
        {worksheets.map((w) => (
          <li key={w.id} className={`session ${w.removed ? 'session--cancelled' : ''}`}>
            <div>
              <strong>{w.title}</strong>
              {w.removed ? <span className="badge badge--cancelled"> {t('worksheets.removed')}</span> : null}
              <br />
              <span className="muted">
                {t('worksheets.file', { name: w.fileName, size: formatSize(w.size, locale) })} ·{' '}
                {t(`worksheets.visibility.${w.visibility}`)} · {t('worksheets.downloads', { count: w.downloads })}
              </span>
            </div>
            <div className="actions actions--tight">
              <a href={`/worksheets/${w.id}/download`}>
                {t('worksheets.download')}
                <span className="visually-hidden">: {w.title}</span>
              </a>
              <Form method="post">
                <input type="hidden" name="worksheetId" value={w.id} />
                <button type="submit" name="intent" value={w.removed ? 'restore' : 'remove'} className="button button--secondary">
                  {w.removed ? t('worksheets.restore') : t('worksheets.remove')}
                  <span className="visually-hidden">: {w.title}</span>
                </button>
              </Form>
            </div>
            <details>
              <summary>
                {t('worksheets.replace')}
                <span className="visually-hidden">: {w.title}</span>
              </summary>
              <Form method="post" encType="multipart/form-data" className="inline-form">
                <input type="hidden" name="intent" value="replace" />
                <input type="hidden" name="worksheetId" value={w.id} />
                <label htmlFor={`replace-${w.id}`} className="visually-hidden">
                  {t('worksheets.replaceFile')}: {w.title}
                </label>
                <input id={`replace-${w.id}`} type="file" name="files" />
                <button type="submit" className="button button--secondary">
                  {t('worksheets.replace')}
                </button>
              </Form>
            </details>
            {w.versions.length > 1 ? (
              <details>
                <summary>
                  {t('worksheets.versions')} ({w.versions.length})<span className="visually-hidden">: {w.title}</span>
                </summary>
                <ul>
                  {w.versions.map((v) => (
                    <li key={v.id}>
                      <a href={`/organiser/worksheets/${w.id}/versions/${v.id}`}>{v.original_name}</a> ·{' '}
                      {formatSize(v.size, locale)} · {formatDateTime(v.created_at, locale)}
                    </li>
                  ))}
                </ul>
              </details>
            ) : null}
          </li>
        ))}
      </ul>

      <section aria-labelledby="upload-heading" className="narrow">
        <h2 id="upload-heading">{t('worksheets.upload')}</h2>
        <Form method="post" encType="multipart/form-data" noValidate className="stack-form">
          <div className="field">
            <label htmlFor="files">{t('worksheets.files')}</label>
            <p className="hint" id="files-hint">
              {t('worksheets.uploadHint', { mb: maxMb })}
            </p>
            <input id="files" type="file" name="files" multiple aria-describedby="files-hint" />
          </div>
          <TextField name="title" label={t('worksheets.titleField')} defaultValue={typed?.title} error={fieldError('title')} />
          <TextField
            name="description"
            label={t('worksheets.description')}
            rows={3}
            defaultValue={typed?.description}
            error={fieldError('description')}
          />
          <SelectField
            name="licence"
            label={t('worksheets.licence')}
            defaultValue={typed?.licence ?? 'CC BY 4.0'}
            error={fieldError('licence')}
            options={LICENCES.map((l) => ({
              value: l,
              label: l === 'all-rights-reserved' ? t('worksheets.licence.all-rights-reserved') : l,
            }))}
          />
          <ChoiceGroup
            name="visibility"
            legend={t('worksheets.visibility')}
            type="radio"
            checked={[typed?.visibility ?? 'registered']}
            error={fieldError('visibility')}
            options={VISIBILITIES.map((v) => ({ value: v, label: t(`worksheets.visibility.${v}`) }))}
          />
          <ChoiceGroup
            name="levels"
            legend={t('worksheets.levels')}
            type="checkbox"
            checked={typed?.levels ?? []}
            error={fieldError('levels')}
            options={SCHOOL_LEVELS.map((l) => ({ value: l, label: t(`booking.fields.schoolLevel.${l}`) }))}
          />
          <button type="submit" className="button">
            {t('worksheets.uploadButton')}
          </button>
        </Form>
      </section>
    </>
  )
}

export { ErrorBoundary } from '~/components/RouteErrorBoundary'
