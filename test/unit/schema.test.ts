import fs from 'node:fs';
import path from 'node:path';
import { isEnumType, isInputObjectType, isInterfaceType, isObjectType, isSpecifiedScalarType } from 'graphql';
import { buildHubSchema, printHubSchema } from '../../src/schema';

const HAN = /\p{Script=Han}/u;

describe('the schema', () => {
  it('matches the committed schema/schema.graphql', async () => {
    const committed = fs.readFileSync(path.join(__dirname, '..', '..', 'schema', 'schema.graphql'), 'utf8');
    expect(printHubSchema(await buildHubSchema())).toBe(committed);
  });

  it('describes every type, field, argument and enum value, each with a Chinese label', async () => {
    const schema = await buildHubSchema();
    const missing: string[] = [];
    const need = (name: string, description: string | null | undefined) => {
      if (!description || !HAN.test(description)) missing.push(name);
    };
    for (const type of Object.values(schema.getTypeMap())) {
      if (type.name.startsWith('__') || isSpecifiedScalarType(type)) continue;
      need(type.name, type.description);
      if (isObjectType(type) || isInterfaceType(type) || isInputObjectType(type)) {
        for (const field of Object.values(type.getFields())) {
          need(`${type.name}.${field.name}`, field.description);
          for (const arg of 'args' in field ? field.args : [])
            need(`${type.name}.${field.name}(${arg.name})`, arg.description);
        }
      }
      if (isEnumType(type)) for (const value of type.getValues()) need(`${type.name}.${value.name}`, value.description);
    }
    expect(missing).toEqual([]);
  });

  it('implements Node on every major type and caps lists as connections', async () => {
    const schema = await buildHubSchema();
    const node = schema.getType('Node');
    expect(node && isInterfaceType(node)).toBe(true);
    const implementations = schema.getImplementations(node as never).objects.map((t) => t.name);
    expect(implementations).toEqual(expect.arrayContaining(['Area', 'Organization', 'Policy']));
    // Search connections also carry suggestions for an empty result.
    for (const [name, extra] of [
      ['PolicyConnection', ['suggestions']],
      ['ResourceConnection', ['suggestions']],
      ['OrganizationConnection', []],
    ] as const) {
      const fields = Object.keys((schema.getType(name) as never as { getFields(): object }).getFields());
      expect(fields.sort()).toEqual(['edges', 'nodes', 'pageInfo', ...extra, 'totalCount'].sort());
    }
  });
});
