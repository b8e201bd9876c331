/**
 * The worksheet names of an xlsx, read in the browser (an xlsx is a zip; xl/workbook.xml lists its sheets),
 * so the upload page can offer a choice before anything is sent. Null when the file cannot be read that way:
 * the server then picks the first visible sheet and reports any real problem.
 */

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const WORKBOOK = "xl/workbook.xml";

async function inflate(data: Uint8Array, method: number): Promise<Uint8Array | null> {
  if (method === 0) return data;
  if (method !== 8 || typeof DecompressionStream === "undefined") return null;
  const stream = new Blob([data as BlobPart]).stream().pipeThrough(new DecompressionStream("deflate-raw"));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

export async function xlsxSheetNames(file: Blob): Promise<string[] | null> {
  try {
    const bytes = new Uint8Array(await file.arrayBuffer());
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    let eocd = -1;
    for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 65_557); i--) {
      if (view.getUint32(i, true) === EOCD) {
        eocd = i;
        break;
      }
    }
    if (eocd < 0) return null;
    const entries = view.getUint16(eocd + 10, true);
    let at = view.getUint32(eocd + 16, true);
    const decoder = new TextDecoder();
    for (let n = 0; n < entries && at + 46 <= bytes.length; n++) {
      if (view.getUint32(at, true) !== CENTRAL) return null;
      const method = view.getUint16(at + 10, true);
      const size = view.getUint32(at + 20, true);
      const nameLength = view.getUint16(at + 28, true);
      const extraLength = view.getUint16(at + 30, true);
      const commentLength = view.getUint16(at + 32, true);
      const offset = view.getUint32(at + 42, true);
      const name = decoder.decode(bytes.subarray(at + 46, at + 46 + nameLength));
      if (name === WORKBOOK) {
        if (view.getUint32(offset, true) !== LOCAL) return null;
        const start = offset + 30 + view.getUint16(offset + 26, true) + view.getUint16(offset + 28, true);
        const xml = await inflate(bytes.subarray(start, start + size), method);
        return xml ? sheetNamesFromWorkbookXml(decoder.decode(xml)) : null;
      }
      at += 46 + nameLength + extraLength + commentLength;
    }
    return null;
  } catch {
    return null;
  }
}

/** The visible sheets named in workbook.xml, in order. */
export function sheetNamesFromWorkbookXml(xml: string): string[] {
  const doc = new DOMParser().parseFromString(xml, "application/xml");
  return Array.from(doc.getElementsByTagNameNS("*", "sheet"))
    .filter((sheet) => !["hidden", "veryHidden"].includes(sheet.getAttribute("state") ?? ""))
    .map((sheet) => sheet.getAttribute("name") ?? "")
    .filter(Boolean);
}
