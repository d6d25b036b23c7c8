import { describe, expect, it } from 'vitest'
import { readEnv } from '~/utils/env.server'
import { publicBody } from '~/utils/public-body.server'

const base = { NODE_ENV: 'test', SESSION_SECRET: 's'.repeat(32) } as const
const operator = { OPERATOR_NAME: 'Liberecký kraj', OPERATOR_EMAIL: 'pristupnost@kraj-lbc.example' }

describe('the operator and the data protection officer from the environment', () => {
  it('are unnamed when nothing is set, or every variable is empty', () => {
    expect(publicBody(readEnv(base))).toMatchObject({ operator: null, dpo: null })
    const empty = { OPERATOR_NAME: '', OPERATOR_EMAIL: ' ', OPERATOR_PHONE: '', DPO_NAME: '', DPO_EMAIL: '', DPO_PHONE: '' }
    expect(publicBody(readEnv({ ...base, ...empty }))).toMatchObject({ operator: null, dpo: null })
  })

  it('names them with their contacts, trimmed', () => {
    const env = readEnv({
      ...base,
      ...operator,
      OPERATOR_PHONE: ' +420 485 226 111 ',
      DPO_NAME: 'Mgr. Alžběta Šťastná',
      DPO_EMAIL: 'poverenec@kraj-lbc.example',
    })
    expect(publicBody(env)).toMatchObject({
      operator: { name: 'Liberecký kraj', email: 'pristupnost@kraj-lbc.example', phone: '+420 485 226 111' },
      dpo: { name: 'Mgr. Alžběta Šťastná', email: 'poverenec@kraj-lbc.example', phone: null },
    })
  })

  it('takes an officer known by a shared address alone, as GDPR asks for a contact, not a name', () => {
    expect(publicBody(readEnv({ ...base, DPO_EMAIL: 'poverenec@kraj-lbc.example' })).dpo).toEqual({
      name: null,
      email: 'poverenec@kraj-lbc.example',
      phone: null,
    })
  })

  it.each([
    [{ OPERATOR_EMAIL: 'pristupnost@kraj-lbc.example' }, 'OPERATOR_NAME: needed with OPERATOR_EMAIL'],
    [{ OPERATOR_NAME: 'Liberecký kraj' }, 'OPERATOR_EMAIL: needed with OPERATOR_NAME'],
    [{ DPO_NAME: 'Mgr. Alžběta Šťastná' }, 'DPO_EMAIL: needed with DPO_NAME or DPO_PHONE'],
    [{ DPO_PHONE: '+420 485 226 999' }, 'DPO_EMAIL: needed with DPO_NAME or DPO_PHONE'],
    [{ DPO_EMAIL: 'poverenec(at)kraj' }, 'DPO_EMAIL: Invalid email'],
    [{ ...operator, OPERATOR_PHONE: 'volejte na podatelnu' }, 'OPERATOR_PHONE: a phone number such as +420 485 226 111'],
  ])('refuses %o at start, saying which variable and why', (settings, message) => {
    expect(() => readEnv({ ...base, ...settings })).toThrow(message)
  })
})
