/** The store the configuration asks for: PostgreSQL when DATABASE_URL is set, else the SQLite file. */
import type { Config } from '../../config.js';
import { PostgresStore } from './postgres.js';
import { SqliteStore } from './sqlite.js';
import type { StatsStore } from './store.js';

export function storeFromConfig(config: Pick<Config, 'databaseUrl' | 'databaseTls' | 'databaseTlsCaFile' | 'statsDbPath'>): StatsStore {
  if (config.databaseUrl !== '') {
    return new PostgresStore({ url: config.databaseUrl, tls: config.databaseTls, ...(config.databaseTlsCaFile ? { caFile: config.databaseTlsCaFile } : {}) });
  }
  return new SqliteStore(config.statsDbPath);
}
