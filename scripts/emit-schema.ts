import 'reflect-metadata';
import fs from 'node:fs';
import path from 'node:path';
import { buildHubSchema, printHubSchema } from '../src/schema';

// `emit-schema` writes schema/schema.graphql; `emit-schema --check` fails when the file differs.
const SCHEMA_FILE = path.resolve(__dirname, '..', '..', 'schema', 'schema.graphql');

async function main(): Promise<void> {
  const printed = printHubSchema(await buildHubSchema());
  const check = process.argv.includes('--check');
  const current = fs.existsSync(SCHEMA_FILE) ? fs.readFileSync(SCHEMA_FILE, 'utf8') : '';
  if (check) {
    if (current !== printed) {
      console.error('schema/schema.graphql is out of date: run `npm run schema:emit` and commit the change.');
      process.exit(1);
    }
    console.log('schema/schema.graphql is current');
    return;
  }
  fs.writeFileSync(SCHEMA_FILE, printed);
  console.log(`wrote ${path.relative(process.cwd(), SCHEMA_FILE)}`);
}

void main();
