import { parseArgs } from 'node:util';
import { DEV_JWT_SECRET, MIN_SECRET_BYTES } from '../src/config';
import { Role, signToken } from '../src/core/auth';

// npm run token -- --role ROLE [--org ORG_ID] [--area AREA_CODE] [--sub SUBJECT] [--expires 12h]; the token is the
// last line. Development and test tokens only (HS256): a production hub accepts only its identity provider's.
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      role: { type: 'string' },
      org: { type: 'string' },
      area: { type: 'string' },
      sub: { type: 'string' },
      expires: { type: 'string' },
    },
  });
  const role = values.role?.toUpperCase();
  if (!role || !(role in Role)) {
    console.error(`--role is required: one of ${Object.values(Role).join(', ')}`);
    process.exit(2);
  }
  const secret = process.env.JWT_SECRET?.trim() || DEV_JWT_SECRET;
  if (secret === DEV_JWT_SECRET) console.error('JWT_SECRET is not set: signing with the development secret');
  if (Buffer.byteLength(secret) < MIN_SECRET_BYTES) {
    console.error(`JWT_SECRET must be at least ${MIN_SECRET_BYTES} bytes`);
    process.exit(2);
  }
  try {
    const token = await signToken(secret, {
      role: role as Role,
      org: values.org ?? null,
      area: values.area ?? null,
      sub: values.sub ?? null,
      expiresIn: values.expires,
    });
    console.log(token);
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(2);
  }
}

void main();
