import { parseArgs } from 'node:util';
import { DEV_JWT_SECRET } from '../src/config';
import { Role, signToken } from '../src/core/auth';

// npm run token -- --role ROLE [--org ORG_ID] [--area AREA_CODE] [--sub SUBJECT]; the token is the last line.
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
  // Signs with JWT_SECRET also under NODE_ENV=production; the development secret only when it is unset.
  const secret = process.env.JWT_SECRET?.trim() || DEV_JWT_SECRET;
  if (secret === DEV_JWT_SECRET) console.error('JWT_SECRET is not set: signing with the development secret');
  const token = await signToken(secret, {
    role: role as Role,
    org: values.org ?? null,
    area: values.area ?? null,
    sub: values.sub ?? null,
    expiresIn: values.expires,
  });
  console.log(token);
}

void main();
