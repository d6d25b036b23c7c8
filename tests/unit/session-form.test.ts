import { describe, expect, it } from 'vitest'
import { parseSessionForm, type SessionFormField } from '~/models/organiser-sessions.server'
import { impossibleDay, skippedTime, springForwardDay } from '../support/calendar-edges'
import { day } from '../support/clock'
import { sessionFormFields } from '../support/factories'

function form(changes: Partial<Record<SessionFormField, string>> = {}): FormData {
  const fields = sessionFormFields({ date: day(30), ...changes })
  const data = new FormData()
  for (const [name, value] of Object.entries(fields)) data.append(name, value)
  return data
}

describe('dates and times in the session form', () => {
  it('accepts an ordinary day', () => {
    expect(parseSessionForm(form()).ok).toBe(true)
  })

  it('refuses 30 February next to the date instead of rolling it over to March', () => {
    const result = parseSessionForm(form({ date: impossibleDay() }))
    expect(result.ok).toBe(false)
    expect(result.ok ? undefined : result.errors).toEqual({ date: 'sessionForm.error.noSuchDay' })
    // What was typed stays in the form.
    expect(result.values.date).toBe(impossibleDay())
  })

  it('refuses impossible days in the booking window too', () => {
    const result = parseSessionForm(
      form({ opensDate: impossibleDay(), closesDate: impossibleDay().replace(/-02-30$/, '-04-31') }),
    )
    expect(result.ok ? undefined : result.errors).toEqual({
      opensDate: 'sessionForm.error.noSuchDay',
      closesDate: 'sessionForm.error.noSuchDay',
    })
  })

  it('refuses a start or an end in the hour that Prague skips on the spring-forward night', () => {
    const start = parseSessionForm(form({ date: springForwardDay(), startTime: skippedTime(), endTime: '05:00' }))
    expect(start.ok ? undefined : start.errors).toEqual({ startTime: 'sessionForm.error.skippedTime' })
    const end = parseSessionForm(form({ date: springForwardDay(), startTime: '01:00', endTime: skippedTime() }))
    expect(end.ok ? undefined : end.errors).toEqual({ endTime: 'sessionForm.error.skippedTime' })
    const opens = parseSessionForm(form({ opensDate: springForwardDay(), opensTime: skippedTime() }))
    expect(opens.ok ? undefined : opens.errors).toEqual({ opensTime: 'sessionForm.error.skippedTime' })
  })

  it('accepts the spring-forward day at times that exist', () => {
    expect(parseSessionForm(form({ date: springForwardDay(), startTime: '01:00', endTime: '04:00' })).ok).toBe(true)
  })
})
