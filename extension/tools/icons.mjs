// Draws the extension icon as a PNG at any size, so no binary files live in git: a red rounded
// square (the colour of a failed request) with a white key-hole.
import zlib from 'node:zlib';
import { crc32 } from './zip.mjs';

function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

/** Coverage of pixel (x, y) by the shape, 4x4 supersampled, in [0, 1]. */
function coverage(size, x, y, inside) {
  let n = 0;
  for (let i = 0; i < 4; i++) for (let j = 0; j < 4; j++) if (inside((x + (i + 0.5) / 4) / size, (y + (j + 0.5) / 4) / size)) n++;
  return n / 16;
}

function inSquare(u, v) {
  const r = 0.2;
  const dx = Math.max(r - u, 0, u - (1 - r));
  const dy = Math.max(r - v, 0, v - (1 - r));
  return dx * dx + dy * dy <= r * r;
}

function inKeyhole(u, v) {
  const circle = (u - 0.5) ** 2 + (v - 0.4) ** 2 <= 0.14 ** 2;
  const stem = Math.abs(u - 0.5) <= 0.06 + (v - 0.4) * 0.15 && v >= 0.4 && v <= 0.78;
  return circle || stem;
}

/** PNG bytes (RGBA) of the icon at `size` px. */
export function drawIcon(size) {
  const raw = Buffer.alloc(size * (size * 4 + 1));
  const red = [197, 34, 31];
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0; // filter: none
    for (let x = 0; x < size; x++) {
      const a = coverage(size, x, y, inSquare);
      const k = coverage(size, x, y, inKeyhole);
      const o = y * (size * 4 + 1) + 1 + x * 4;
      for (let c = 0; c < 3; c++) raw[o + c] = Math.round(red[c] * (1 - k) + 255 * k);
      raw[o + 3] = Math.round(255 * a);
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // RGBA
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
