// Prints the records of an Atlas topic as JSON lines, one per record, from kcat's output:
//
//   kcat -C -b "$BOOTSTRAP" -t atlas.predictions -X isolation.level=read_committed -o beginning -e -q \
//        -f '%p %o %S\n%s' | node read-atlas.mjs RELEASES_FOLDER Prediction
//
// RELEASES_FOLDER holds <Record>/v1.avsc, v2.avsc, ... : every released version of every contract
// (schemas/src/main/resources/io/atlas/events/releases in the Atlas checkout, or the same folder in the schemas jar).
// Each value is Avro single-object encoding: C3 01, the writer schema's CRC-64-AVRO fingerprint (8 bytes, little
// endian), then the datum. The fingerprint names the release it was written with; the datum is read with that
// release and resolved into the latest one, so a record written by an older release reads like a current one.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import avro from 'avsc';

const [releasesFolder, recordName] = process.argv.slice(2);
if (!releasesFolder || !recordName) {
  console.error('usage: node read-atlas.mjs RELEASES_FOLDER RECORD (e.g. Prediction) < kcat output');
  process.exit(2);
}

// CRC-64-AVRO, as the Avro specification defines the 64-bit fingerprint, over a schema's Parsing Canonical Form.
const EMPTY = 0xc15d213aa4d7a795n;
const MASK = 0xffffffffffffffffn;
const TABLE = Array.from({ length: 256 }, (_, i) => {
  let fp = BigInt(i);
  for (let j = 0; j < 8; j++) {
    fp = (fp >> 1n) ^ (fp & 1n ? EMPTY : 0n);
  }
  return fp;
});
function fingerprint(canonicalForm) {
  let fp = EMPTY;
  for (const byte of Buffer.from(canonicalForm, 'utf8')) {
    fp = ((fp >> 8n) ^ TABLE[Number((fp ^ BigInt(byte)) & 0xffn)]) & MASK;
  }
  return fp;
}

// Every release of the record, oldest first; the last one is what records are read into.
const folder = join(releasesFolder, recordName);
const releases = readdirSync(folder)
  .filter((file) => /^v\d+\.avsc$/.test(file))
  .sort((a, b) => parseInt(a.slice(1), 10) - parseInt(b.slice(1), 10))
  .map((file) => avro.Type.forSchema(JSON.parse(readFileSync(join(folder, file), 'utf8'))));
const current = releases[releases.length - 1];
// avsc's schema() is the Parsing Canonical Form: no docs, no defaults, names in full, attributes in order.
const resolvers = new Map(releases.map((type) => [fingerprint(JSON.stringify(type.schema())),
  current.createResolver(type)]));

function decode(value) {
  if (value.length < 10 || value[0] !== 0xc3 || value[1] !== 0x01) {
    throw new Error('not Avro single-object encoding (no C3 01 header)');
  }
  const writer = value.readBigUInt64LE(2);
  const resolver = resolvers.get(writer);
  if (!resolver) {
    throw new Error(`fingerprint ${writer.toString(16).padStart(16, '0')} is not a released ${recordName}`);
  }
  return current.fromBuffer(value.subarray(10), resolver);
}

// kcat frames each record as "<partition> <offset> <value length>\n<value bytes>" (length -1: a tombstone).
const chunks = [];
for await (const chunk of process.stdin) {
  chunks.push(chunk);
}
const input = Buffer.concat(chunks);
let position = 0;
while (position < input.length) {
  const newline = input.indexOf(0x0a, position);
  const [partition, offset, length] = input.subarray(position, newline).toString('ascii').split(' ').map(Number);
  const value = length < 0 ? null : input.subarray(newline + 1, newline + 1 + length);
  position = newline + 1 + Math.max(length, 0);
  console.log(JSON.stringify({ partition, offset, value: value && decode(value) }));
}
