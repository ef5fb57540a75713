import { defineConfig } from 'drizzle-kit';

export default defineConfig({ dialect: 'sqlite', schema: './core/db/users*.ts', out: './migrations/users' });
