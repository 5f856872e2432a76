import 'reflect-metadata';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';
import express from 'express';
import pg from 'pg';
import { Arg, Field, ID, ObjectType, Query, Resolver, buildSchema } from 'type-graphql';
import { fromGlobalId } from '../src/core/relay';

// The small-query floor: Apollo Server 5 + type-graphql + Express 5, in a process of its own as the
// hub is, answering the same `policy(id)` with the same five fields from the same row over pg — and
// nothing else (no authentication, context, loaders, ORM, limits or logging). What the framework and
// one round trip to PostgreSQL cost; the hub's extra work per request is the difference.

@ObjectType()
class BasePolicy {
  @Field(() => ID) id!: string;
  @Field() title!: string;
  @Field() status!: string;
  @Field(() => String, { nullable: true }) issuedOn!: string | null;
  @Field(() => [String]) issuers!: string[];
}

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 10 });

@Resolver()
class BaseResolver {
  @Query(() => BasePolicy, { nullable: true })
  async policy(@Arg('id', () => ID) id: string): Promise<BasePolicy | null> {
    const uuid = fromGlobalId(id)?.id;
    const { rows } = await pool.query<{
      id: string;
      title: string;
      status: string;
      issued_on: string;
      issuers: string[];
    }>(`select id, title, status, to_char(issued_on, 'YYYY-MM-DD') as issued_on, issuers from policy where id = $1`, [
      uuid,
    ]);
    const row = rows[0];
    return row ? { id, title: row.title, status: row.status, issuedOn: row.issued_on, issuers: row.issuers } : null;
  }
}

async function start(): Promise<string> {
  const schema = await buildSchema({ resolvers: [BaseResolver], validate: false });
  const app = express();
  const server = http.createServer(app);
  const apollo = new ApolloServer({ schema });
  await apollo.start();
  app.use('/graphql', express.json(), expressMiddleware(apollo));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
}

if (require.main === module) {
  void start().then((url) => console.log(`baseline ready at ${url}`));
  process.once('SIGTERM', () => process.exit(0));
}
