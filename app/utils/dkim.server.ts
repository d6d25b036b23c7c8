import { createPrivateKey } from 'node:crypto'
import { readFileSync } from 'node:fs'

/** What nodemailer's `dkim` option takes for one signature. */
export type DkimKey = { domainName: string; keySelector: string; privateKey: string }

export type DkimSettings = {
  DKIM_DOMAIN?: string
  DKIM_SELECTOR?: string
  DKIM_PRIVATE_KEY?: string
  DKIM_PRIVATE_KEY_FILE?: string
}

/**
 * The DKIM key from the environment: domain, selector and key (as PEM text, or a file) all
 * three or none. Checked at boot, because a half-configured signer fails only at the receiving
 * end: mail that is not signed, or signed with a key no DNS record matches, lands in spam.
 */
export function dkimFromEnvironment(settings: DkimSettings): DkimKey | undefined {
  const {
    DKIM_DOMAIN: domainName,
    DKIM_SELECTOR: keySelector,
    DKIM_PRIVATE_KEY: keyText,
    DKIM_PRIVATE_KEY_FILE: keyFile,
  } = settings
  if (keyText !== undefined && keyFile !== undefined) {
    throw invalid('DKIM_PRIVATE_KEY and DKIM_PRIVATE_KEY_FILE are both set; keep one of them.')
  }
  const missing = [
    domainName === undefined && 'DKIM_DOMAIN',
    keySelector === undefined && 'DKIM_SELECTOR',
    keyText === undefined && keyFile === undefined && 'DKIM_PRIVATE_KEY (or DKIM_PRIVATE_KEY_FILE)',
  ].filter((name) => name !== false)
  if (missing.length === 3) return undefined
  if (domainName === undefined || keySelector === undefined || missing.length > 0) {
    throw invalid(
      `DKIM_DOMAIN, DKIM_SELECTOR and DKIM_PRIVATE_KEY (or DKIM_PRIVATE_KEY_FILE) go together: set all three to sign e-mail, or none. Missing: ${missing.join(', ')}.`,
    )
  }
  const privateKey = keyFile !== undefined ? readKeyFile(keyFile) : unescape(keyText ?? '')
  checkKey(keyFile !== undefined ? 'DKIM_PRIVATE_KEY_FILE' : 'DKIM_PRIVATE_KEY', privateKey)
  return { domainName, keySelector, privateKey }
}

function readKeyFile(file: string): string {
  try {
    return readFileSync(file, 'utf8')
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error)
    throw invalid(`DKIM_PRIVATE_KEY_FILE: cannot read ${file} (${code}).`)
  }
}

// An environment file holds one line per variable, so a PEM key often arrives with its line breaks written as \n.
function unescape(text: string): string {
  return text.includes('\n') ? text : text.replace(/\\n/g, '\n')
}

/** nodemailer signs rsa-sha256 only, and receivers ignore keys under 1024 bits. */
function checkKey(name: string, pem: string): void {
  let key
  try {
    key = createPrivateKey(pem)
  } catch {
    throw invalid(`${name}: not an unencrypted private key in PEM form (openssl genrsa -out dkim.pem 2048 makes one).`)
  }
  if (key.asymmetricKeyType !== 'rsa') {
    throw invalid(
      `${name}: an RSA key is needed (DKIM is signed rsa-sha256); this one is ${key.asymmetricKeyType ?? 'of another kind'}.`,
    )
  }
  const bits = key.asymmetricKeyDetails?.modulusLength ?? 0
  if (bits < 1024) throw invalid(`${name}: the key has ${bits} bits; receivers ignore DKIM keys under 1024 bits (use 2048).`)
}

function invalid(problem: string): Error {
  return new Error(`Invalid environment configuration:\n  ${problem}`)
}
