export type InviteMethod = 'REQUEST' | 'CANCEL'

export type RenderedEmail = {
  subject: string
  html: string
  text: string
  /** A calendar part: sent as text/calendar; method=… alongside the text and HTML. */
  icalEvent?: { method: InviteMethod; content: string; filename: string }
  /**
   * The certificate this e-mail says it attaches: the sender renders the PDF when it sends, or
   * does not send the e-mail at all (the certificate was revoked in between).
   */
  attachCertificate?: { code: string; verifyUrl: string }
}

/** The session as it was when the e-mail was queued: the e-mail says what was true then. */
export type SessionSnapshot = {
  workshopTitle: string
  startsAt: string
  endsAt: string
  venueName: string | null
  address: string | null
  room: string | null
  /** Only for people who hold a seat: never in what the waiting list or a cancelled booking gets. */
  onlineUrl: string | null
  /** The session takes place online (also when the link is withheld). Missing in older queued e-mails. */
  online?: boolean
  organiserName: string
  organiserEmail: string
}

export type RegistrationEmailProps = {
  session: SessionSnapshot
  participant: { name: string; email: string }
  manageUrl: string
  /**
   * The read-only view the invitation's calendar data links to: calendars get shared, so they
   * never carry the manage link. Missing in e-mails without an invitation and older queued ones.
   */
  calendarUrl?: string
  invite: { uid: string; sequence: number }
  /** Waiting-list position, for the waiting-list e-mail. */
  position?: number
  /** For a cancellation: whether the person held a seat (and so has the event in a calendar). */
  wasConfirmed?: boolean
  /** The booking's status as this e-mail leaves it, so the e-mail offers only what applies. Missing in older queued ones. */
  status?: 'confirmed' | 'waitlisted' | 'cancelled'
  /** The certificate's code, for the certificate e-mail: its PDF goes with it as an attachment. */
  certificateCode?: string
  /** What the organiser wrote: added to a change notice, or the whole of a message. */
  message?: string
  /** The subject of an organiser's message to participants. */
  subject?: string
  /** Shown with a QR code at the door. */
  checkInCode?: string
  /** The public page that confirms a certificate. */
  certificateUrl?: string
  /** Worksheets the person may download; links go through their manage link. */
  worksheets?: { id: number; title: string }[]
  /** What to bring, in a reminder (the workshop's own text). */
  whatToBring?: string
  /** In the "still coming?" e-mail: when a seat not confirmed goes to the waiting list. */
  releaseAt?: string
  /** In the "we missed you" e-mail: the workshop's next dates, each with its booking page. */
  nextSessions?: { startsAt: string; endsAt: string; url: string }[]
  /**
   * The session's earlier time, where it has changed: since the person joined the waiting list
   * (a promotion), or with this change (the waiting list told of a reschedule).
   */
  timeChangedFrom?: { startsAt: string; endsAt: string }
  /** Added by an organiser after the start or as a walk-in: whether they were added on the spot. */
  walkIn?: boolean
}

export type SignInEmailProps = {
  signInUrl: string
  validMinutes: number
  /** The address the link was asked for, named in the e-mail. Missing in older queued ones. */
  email?: string
  /** Set when an admin invited the person to organise for this body. */
  invitedTo?: string
}
