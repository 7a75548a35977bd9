import { defineConfig } from 'drizzle-kit';

// Only used by `npm run db:generate`, which diffs src/db/schema.ts against migrations/ without a database.
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/db/schema.ts',
  out: './migrations',
  schemaFilter: ['public'],
});
