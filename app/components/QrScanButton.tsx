import { useEffect, useRef, useState } from 'react'
import { useHydrated } from './use-hydrated'
import { useT } from '~/i18n/intl'

type Detector = { detect(source: HTMLVideoElement): Promise<{ rawValue: string }[]> }
type DetectorConstructor = new (options: { formats: string[] }) => Detector

/**
 * Scans a check-in QR code with the camera where the browser can (the BarcodeDetector API:
 * Chrome on Android, recent desktop Chrome); elsewhere the button never appears and the
 * code is typed. A found code fills the field and submits the form.
 */
export function QrScanButton({ formId, inputName }: { formId: string; inputName: string }) {
  const t = useT()
  const hydrated = useHydrated()
  const supported = hydrated && 'BarcodeDetector' in window && Boolean(navigator.mediaDevices?.getUserMedia)
  const [scanning, setScanning] = useState(false)
  const video = useRef<HTMLVideoElement>(null)

  useEffect(() => {
    if (!scanning) return
    let stream: MediaStream | undefined
    let stopped = false
    const Detector = (window as unknown as { BarcodeDetector: DetectorConstructor }).BarcodeDetector
    const detector = new Detector({ formats: ['qr_code'] })
    ;(async () => {
      stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' } })
      if (!video.current || stopped) return
      video.current.srcObject = stream
      await video.current.play()
      while (!stopped) {
        const [found] = await detector.detect(video.current).catch(() => [])
        if (found?.rawValue) {
          const form = document.getElementById(formId) as HTMLFormElement | null
          const input = form?.elements.namedItem(inputName) as HTMLInputElement | null
          if (form && input) {
            input.value = found.rawValue
            form.requestSubmit()
          }
          setScanning(false)
          return
        }
        await new Promise((r) => setTimeout(r, 250))
      }
    })().catch(() => setScanning(false))
    return () => {
      stopped = true
      stream?.getTracks().forEach((track) => track.stop())
    }
  }, [scanning, formId, inputName])

  if (!supported) return null
  return (
    <>
      <button type="button" className="button button--secondary" onClick={() => setScanning((s) => !s)} aria-pressed={scanning}>
        {scanning ? t('roster.scanStop') : t('roster.scan')}
      </button>
      {scanning ? <video ref={video} className="scanner" muted playsInline aria-label={t('roster.scanVideo')} /> : null}
    </>
  )
}
