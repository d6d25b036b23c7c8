import jsQR from 'jsqr'
import type { Browser } from 'playwright-core'
import { PNG } from 'pngjs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { renderEmail, type RegistrationEmailProps } from '../../emails'
import { newCheckInCode } from '~/utils/codes.server'
import { qrModules } from '~/utils/qr.server'
import { launchBrowser } from '../support/browser'
import { inDays, testStart } from '../support/clock'

/*
 * The check-in code's QR table in the confirmation, as a mail client's HTML engine lays it out:
 * Chromium renders the e-mail's HTML, and a QR reader (jsQR) reads the code back from the
 * screenshot, as the organiser's phone at the door would.
 */

let browser: Browser
beforeAll(async () => {
  browser = await launchBrowser()
})
afterAll(async () => {
  await browser?.close()
})

function confirmation(checkInCode: string) {
  const props: RegistrationEmailProps = {
    session: {
      workshopTitle: 'Kybernetická bezpečnost na obecním úřadě',
      startsAt: inDays(10, '15:00'),
      endsAt: inDays(10, '17:00'),
      venueName: 'Krajský úřad Libereckého kraje',
      address: 'U Jezu 642/2a, 461 80 Liberec',
      room: 'zasedací místnost 1.15',
      onlineUrl: null,
      organiserName: 'Datový portál Libereckého kraje',
      organiserEmail: 'datovy.portal@kraj-lbc.example',
    },
    participant: { name: 'Jana Řehořová', email: 'jana.rehorova@example.cz' },
    manageUrl: 'http://localhost:3000/registrations/Zx9_k-3mQp7Lr2VtYb8NcE4hJ6wA1sD5fG0uI3oK7eM',
    calendarUrl: 'http://localhost:3000/calendar/Qm4_v-8TpR2sLk7WxYa9NbE3hJ5wC1dF6gH0uI2oK4e',
    invite: { uid: '0b7d3c1e-5f0a-4c59-9a0e-2d8f6b1c4e7a@localhost', sequence: 0 },
    checkInCode,
  }
  return renderEmail('registration.confirmed', props, 'cs', testStart)
}

const CELL_PX = 4
const QUIET_MODULES = 4

/**
 * A screenshot of the e-mail's QR table: what a QR reader finds in it, and each module's colour
 * read at its centre (true = dark), the quiet zone left out.
 */
async function screenshotQr(html: string) {
  const page = await browser.newPage({ viewport: { width: 700, height: 900 }, deviceScaleFactor: 1 })
  try {
    await page.setContent(html)
    const table = page.locator('table[role="presentation"][bgcolor="#ffffff"]').filter({ has: page.locator('td[bgcolor]') })
    expect(await table.count()).toBe(1)
    const png = PNG.sync.read(await table.screenshot())
    const darkAt = (x: number, y: number) => png.data[(y * png.width + x) * 4]! < 128
    const modules = png.width / CELL_PX - 2 * QUIET_MODULES
    const centre = (m: number) => (m + QUIET_MODULES) * CELL_PX + CELL_PX / 2
    return {
      size: [png.width, png.height],
      read: jsQR(new Uint8ClampedArray(png.data), png.width, png.height)?.data,
      modules: Array.from({ length: modules }, (_, y) => Array.from({ length: modules }, (_, x) => darkAt(centre(x), centre(y)))),
    }
  } finally {
    await page.close()
  }
}

describe("the confirmation's check-in QR code", () => {
  it('reads back as the check-in code from the rendered e-mail, every module in its place', async () => {
    for (const code of [newCheckInCode(), newCheckInCode(), newCheckInCode()]) {
      const shot = await screenshotQr(confirmation(code).html)
      const expected = qrModules(code)
      const side = (expected.length + 2 * QUIET_MODULES) * CELL_PX
      expect(shot.size).toEqual([side, side])
      expect(shot.modules).toEqual(expected)
      expect(shot.read).toBe(code)
    }
  })

  it('keeps the e-mail small: far below the 102 kB at which Gmail clips a message', () => {
    // The manage and cancel links come after the code: a clipped message would hide them.
    const { html } = confirmation(newCheckInCode())
    expect(Buffer.byteLength(html)).toBeLessThan(30_000)
  })
})
