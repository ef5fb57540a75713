import { defineConfig } from 'drizzle-kit';

export default defineConfig({ dialect: 'sqlite', schema: './core/db/catalog*.ts', out: './migrations/catalog' });
