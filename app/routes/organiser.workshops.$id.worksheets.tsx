import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, useActionData, useLoaderData, useLocation } from '@remix-run/react'
import { useEffect, useRef } from 'react'
import { LICENCES, SCHOOL_LEVELS, VISIBILITIES } from '~/models/vocabulary'
import { ActionNotices } from '~/components/ActionNotices'
import { Breadcrumbs } from '~/components/Breadcrumbs'
import { ChoiceGroup, SelectField } from '~/components/ChoiceFields'
import { TextField } from '~/components/TextField'
import { translator, useLocale, useT } from '~/i18n/intl'
import {
  createWorksheets,
  listWorkshopWorksheets,
  parseWorksheetChoice,
  parseWorksheetMeta,
  replaceWorksheetFile,
  setWorksheetRemoved,
} from '~/models/worksheets.server'
import { formatDate, formatDateTime } from '~/utils/dates'
import { formatFileSize } from '~/utils/file-size'
import { getDb } from '~/utils/db.server'
import { getEnv } from '~/utils/env.server'
import { textValue } from '~/utils/form-values'
import { localeFromMatches, pageMeta } from '~/utils/meta'
import { formAnswer } from '~/web/action-data'
import { formError, invalidForm, readForm } from '~/web/forms.server'
import { requireManagedWorkshop } from '~/web/guards.server'
import { redirectWithNotice } from '~/web/notices.server'
import { useRedirectNotice } from '~/web/notices'
import { orRefuse } from '~/web/refusals.server'
import { receiveUpload, settleUpload } from '~/web/worksheet-upload.server'

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, translator(localeFromMatches(matches))('worksheets.manage'))
export const headers = () => ({ 'Cache-Control': 'no-store' })

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { workshop } = await requireManagedWorkshop(request, params.id)
  return {
    workshop,
    worksheets: await listWorkshopWorksheets(getDb(), workshop.id),
    maxMb: getEnv().WORKSHEET_MAX_MB,
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, workshop } = await requireManagedWorkshop(request, params.id)
  const change = { user, now: new Date() }
  const back = (done: string) => redirectWithNotice(`/organiser/workshops/${workshop.id}/worksheets`, { done })
  // Files come as multipart (upload, replace); the buttons of a row as a plain form (remove, restore).
  if (!(request.headers.get('content-type') ?? '').startsWith('multipart/form-data')) {
    const form = await readForm(request)
    const intent = form.get('intent')
    const parsed = parseWorksheetChoice(form)
    if ((intent !== 'remove' && intent !== 'restore') || !parsed.ok) return formError('error.badRequest')
    const removed = intent === 'remove'
    orRefuse(await setWorksheetRemoved(getDb(), { ...change, worksheetId: parsed.data.worksheetId, removed }))
    return back(intent)
  }
  const upload = await receiveUpload(request, { field: 'files', maxFiles: 10 })
  if (!upload.ok) return formError(upload.error, { status: upload.status, messageValues: { name: upload.fileName ?? '' } })
  const { fields, files } = upload
  return settleUpload(files, async () => {
    if (fields.get('intent') === 'replace') {
      const parsed = parseWorksheetChoice(fields)
      if (!parsed.ok) return { kept: false, answer: formError('error.badRequest') }
      if (files.length !== 1) return { kept: false, answer: formError('worksheets.error.replaceOne') }
      orRefuse(await replaceWorksheetFile(getDb(), { ...change, worksheetId: parsed.data.worksheetId, file: files[0]! }))
      return { kept: true, answer: back('replaced') }
    }
    const meta = parseWorksheetMeta(fields)
    if (!meta.ok) return { kept: false, answer: invalidForm(meta, { intent: 'upload' }) }
    const created = orRefuse(await createWorksheets(getDb(), { ...change, workshopId: workshop.id, meta: meta.data, files }))
    return { kept: true, answer: back(`uploaded-${created.ids.length}`) }
  })
}

export default function WorkshopWorksheets() {
  const { workshop, worksheets, maxMb } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const { done } = useRedirectNotice('done')
  // A done upload ends in a redirect to this page: its file fields (and the title) are emptied,
  // so what was just sent is not there to be sent twice. A refused one keeps what was typed.
  const { key: visit } = useLocation()
  const uploads = useRef<HTMLDivElement>(null)
  useEffect(() => {
    if (done === undefined) return
    uploads.current?.querySelectorAll<HTMLFormElement>('form[enctype="multipart/form-data"]').forEach((form) => form.reset())
  }, [done, visit])
  const t = useT()
  const locale = useLocale()
  // What the organiser typed, shown again with the errors (a browser never keeps the files).
  const { values: typed, errors } = formAnswer(actionData, 'upload')
  const fieldError = (f: string) => {
    const error = errors?.[f]
    return error ? t(error) : undefined
  }
  const typedLevels = typed?.levels
  return (
    <div ref={uploads}>
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
      {done ? (
        <p className="notice notice--success" role="status">
          {done.startsWith('uploaded-')
            ? t('worksheets.uploaded', { count: Number(done.slice(9)) })
            : done === 'replaced'
              ? t('worksheets.replaced')
              : t('worksheets.saved')}
        </p>
      ) : null}
      <ActionNotices answer={actionData} />

      {worksheets.length === 0 ? <p>{t('worksheets.none')}</p> : null}
      <ul className="session-list">
        {worksheets.map((w) => (
          <li key={w.id} className={`session ${w.removed ? 'session--cancelled' : ''}`}>
            <div>
              <strong>{w.title}</strong>
              {w.removed ? <span className="badge badge--cancelled"> {t('worksheets.removed')}</span> : null}
              {w.deletedAt ? (
                <>
                  <br />
                  <span className="muted">{t('worksheets.deletedOn', { date: formatDate(w.deletedAt, locale) })}</span>
                </>
              ) : null}
              <br />
              <span className="muted">
                {t('worksheets.file', { name: w.fileName, size: formatFileSize(w.size, locale) })} ·{' '}
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
                      <a href={`/organiser/worksheets/${w.id}/versions/${v.id}`}>{v.fileName}</a> ·{' '}
                      {formatFileSize(v.size, locale)} · {formatDateTime(v.createdAt, locale)}
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
          <TextField
            name="title"
            label={t('worksheets.titleField')}
            defaultValue={textValue(typed, 'title')}
            error={fieldError('title')}
          />
          <TextField
            name="description"
            label={t('worksheets.description')}
            rows={3}
            defaultValue={textValue(typed, 'description')}
            error={fieldError('description')}
          />
          <SelectField
            name="licence"
            label={t('worksheets.licence')}
            defaultValue={typed ? textValue(typed, 'licence') : 'CC BY 4.0'}
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
            checked={[typed ? textValue(typed, 'visibility') : 'registered']}
            error={fieldError('visibility')}
            options={VISIBILITIES.map((v) => ({ value: v, label: t(`worksheets.visibility.${v}`) }))}
          />
          <ChoiceGroup
            name="levels"
            legend={t('worksheets.levels')}
            type="checkbox"
            checked={Array.isArray(typedLevels) ? typedLevels : []}
            error={fieldError('levels')}
            options={SCHOOL_LEVELS.map((l) => ({ value: l, label: t(`booking.fields.schoolLevel.${l}`) }))}
          />
          <button type="submit" className="button">
            {t('worksheets.uploadButton')}
          </button>
        </Form>
      </section>
    </div>
  )
}

export { ErrorBoundary } from '~/components/RouteErrorBoundary'
