import type { ImportRefusal } from '@fleet/contracts-catalog';

/** A refused import: one documented reason, a message for people, the element when there is one. */
export class ImportRefused extends Error {
  constructor(
    readonly reason: ImportRefusal,
    message: string,
    readonly elementId?: string,
  ) {
    super(message);
    this.name = 'ImportRefused';
  }
}

const LABELS: Record<string, string> = {
  'utf-8': 'utf-8',
  utf8: 'utf-8',
  'us-ascii': 'utf-8',
  ascii: 'utf-8',
  'iso-8859-1': 'latin1',
  latin1: 'latin1',
  'iso_8859-1': 'latin1',
  'windows-1252': 'windows-1252',
  cp1252: 'windows-1252',
  'iso-8859-15': 'iso-8859-15',
  'utf-16': 'utf-16le',
  'utf-16le': 'utf-16le',
  'utf-16be': 'utf-16be',
};

function bomOf(b: Buffer): { encoding: string; skip: number } | undefined {
  if (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) return { encoding: 'utf-8', skip: 3 };
  if (b[0] === 0xff && b[1] === 0xfe) return { encoding: 'utf-16le', skip: 2 };
  if (b[0] === 0xfe && b[1] === 0xff) return { encoding: 'utf-16be', skip: 2 };
  return undefined;
}

/**
 * The text of an XML file, decoded as its byte-order mark or XML declaration says (UTF-8 when it
 * says nothing). The declaration of the returned text says UTF-8, which is what it is from then on.
 */
export function decodeXml(bytes: Buffer): string {
  const bom = bomOf(bytes);
  let encoding = bom?.encoding ?? 'utf-8';
  if (!bom) {
    const declared = /^\s*<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9._-]+)["']/.exec(bytes.subarray(0, 200).toString('latin1'))?.[1]?.toLowerCase();
    if (declared) {
      const label = LABELS[declared];
      if (!label) throw new ImportRefused('UNSUPPORTED_ENCODING', `the file declares encoding ${declared}; supported: UTF-8, UTF-16, ISO-8859-1, ISO-8859-15, windows-1252`);
      encoding = label;
    }
  }
  let text: string;
  try {
    text = new TextDecoder(encoding === 'utf-16be' ? 'utf-16be' : encoding, { fatal: true }).decode(bytes.subarray(bom?.skip ?? 0));
  } catch {
    throw new ImportRefused('UNSUPPORTED_ENCODING', `the file is not valid ${encoding.toUpperCase()} text`);
  }
  return text.replace(/^(\s*<\?xml[^>]*encoding\s*=\s*["'])[A-Za-z0-9._-]+(["'])/, '$1UTF-8$2');
}
